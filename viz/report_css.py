"""The print style of the chain quality report (CSS Paged Media, as WeasyPrint reads it)."""

__all__ = ["REPORT_CSS"]

REPORT_CSS = """
@page {
  size: A4;
  margin: 20mm 18mm 18mm 18mm;
  @top-left { content: string(chain); font-size: 8pt; color: #566573; }
  @top-right { content: string(section); font-size: 8pt; color: #566573; }
  @bottom-center { content: "第 " counter(page) " 页 / 共 " counter(pages) " 页";
                   font-size: 8pt; color: #566573; }
}
@page cover { @top-left { content: none; } @top-right { content: none; }
              @bottom-center { content: none; } }
@page overview { size: A3 landscape; margin: 0;
                 @top-left { content: none; } @top-right { content: none; }
                 @bottom-center { content: none; } }
@page wide { size: A4 landscape; margin: 16mm 14mm 14mm 14mm; }
html { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Noto Sans CJK JP", sans-serif;
       font-size: 9.5pt; line-height: 1.5; color: #1c2833; }
body { margin: 0; }
h1, h2, h3 { font-weight: bold; line-height: 1.3; }
h2 { font-size: 15pt; border-bottom: 1.5pt solid #2c3e50; padding-bottom: 2pt;
     margin: 0 0 8pt 0; string-set: section content(text); break-before: page;
     bookmark-level: 1; }
h3 { font-size: 11.5pt; margin: 12pt 0 4pt 0; bookmark-level: 2; break-after: avoid; }
.chain-name { string-set: chain content(text); }
section.cover { page: cover; text-align: left; padding-top: 55mm; }
section.cover h1 { font-size: 28pt; margin: 0 0 4pt 0; }
section.cover .en { font-size: 12pt; color: #566573; margin-bottom: 28mm; }
section.cover table { width: 120mm; font-size: 11pt; }
section.cover td { border: none; border-bottom: 0.5pt solid #aab7b8; padding: 4pt 2pt; }
section.cover .audience { margin-top: 20mm; font-size: 9pt; color: #566573; width: 140mm; }
nav.toc h2 { break-before: page; }
nav.toc ol { list-style: none; padding: 0; margin: 0; }
nav.toc li { margin: 3pt 0; }
nav.toc a { color: inherit; text-decoration: none; }
nav.toc a::after { content: leader(".") target-counter(attr(href), page); }
section.overview-page { page: overview; }
section.overview-page h2 { display: none; }
section.overview-page img { width: 420mm; height: 297mm; display: block; }
section.wide { page: wide; }
table { border-collapse: collapse; min-width: 50%; margin: 4pt 0 8pt 0; font-size: 8.5pt; }
th, td { border: 0.5pt solid #aab7b8; padding: 2pt 4pt; vertical-align: top; text-align: left; }
th { background: #eaecee; font-weight: bold; }
table.full { width: 100%; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
td.n, th.n { text-align: right; white-space: nowrap; }
.flag { color: #b03a2e; font-weight: bold; }
.muted { color: #566573; }
.note { font-size: 8.5pt; color: #566573; margin: 2pt 0 6pt 0; }
.grade-3 { color: #c0392b; font-weight: bold; }
.grade-2 { color: #e67e22; font-weight: bold; }
.grade-1 { color: #b7950b; font-weight: bold; }
.figures { display: flex; flex-wrap: wrap; gap: 6pt; margin: 6pt 0 10pt 0; }
.figure { border: 0.5pt solid #aab7b8; padding: 4pt 8pt; min-width: 32mm; }
.figure b { display: block; font-size: 14pt; }
.project { border: 0.5pt solid #aab7b8; padding: 4pt 8pt; margin: 6pt 0; break-inside: avoid; }
.project h3 { margin-top: 2pt; }
.project table { width: 100%; }
.project th { width: 22mm; white-space: nowrap; }
td.nw, th.nw { white-space: nowrap; }
img.chart { width: 100%; max-width: 170mm; margin: 4pt 0 8pt 0; }
ul { margin: 2pt 0 6pt 0; padding-left: 14pt; }
"""
