// The chain map page (docs/views.md, "The map"). It opens on the skeleton in #chain-meta
// (segments as columns, links as cards, flows as arrows) and asks the service for the rest:
// a drilled link's firms a page at a time, a firm's partners and choke points, bottlenecks,
// dependency cones, paths and disruption cascades. It computes no analytics itself. A
// standalone export (meta.api null) carries its firms in meta.firms and works offline.
(function () {
  "use strict";
  var M = JSON.parse(document.getElementById("chain-meta").textContent);
  var API = M.api; // "/api/v1" when served, null in a standalone export
  var CHAIN = M.chain.id;
  var PAGE = 120;
  var TIER = { leader: "领导者", follower: "跟随者" };
  var ROLE = { chain_owner: "链主", backbone: "骨干", member: "成员" };
  var STATUS = { identified: "已识别", analyzing: "分析中", tackling: "攻关中", resolved: "已解决" };
  var COMPONENTS = {
    structural: ["结构 Structural", "环节是流向图割点、企业越少、单一来源供给占比越高，得分越高。 Cut link in the flow graph, few firms, many single-sourced supplies."],
    concentration: ["集中度 Concentration", "该环节供给按供应商计的 HHI：少数企业供货越集中越高。 HHI of the link's supplies by supplier."],
    leader_scarcity: ["领军缺失 Leader scarcity", "省内没有领导者企业时为 1。 1 when no leader of the link is in the home province."],
    out_of_province: ["省外依赖 Out of province", "该环节供给中来自省外的比例。 Share of the link's supplies from outside the province."],
    quality: ["质量问题 Quality", "未解决问题的最高分级：★ 1/3、★★ 2/3、★★★ 1。 Worst open problem grade."],
  };

  var links = {};
  M.links.forEach(function (l) { links[l.id] = l; });
  var firmsOffline = null; // id -> firm, standalone export only
  if (M.firms) {
    firmsOffline = {};
    M.firms.forEach(function (f) { firmsOffline[f.id] = f; });
  }
  var names = {}; // firm id -> name, filled from every answer that carries one
  if (M.firms) M.firms.forEach(function (f) { names[f.id] = f.name; });

  var state = { link: "", focus: "", layer: "overview", province: "", tier: "", role: "", page: 0 };
  var A = {
    bottlenecks: null, bnByLink: {}, single: {}, sole: {}, cut: {}, bnError: "",
    cone: null, paths: null, impact: null, pick: { firms: [] }, firmCache: {},
  };
  var pageItems = [], pageTotal = 0, pageToken = 0;

  function $(id) { return document.getElementById(id); }
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function busy(delta) {
    var n = Number(document.body.dataset.busy || 0) + delta;
    document.body.dataset.busy = String(n);
  }

  // ---- the service ----
  function getJSON(path, options, tries) {
    tries = tries === undefined ? 30 : tries;
    busy(1);
    return fetch(API + path, options).then(function (r) {
      if (r.status === 503 && tries > 0) {
        var wait = Math.min(Number(r.headers.get("Retry-After")) || 1, 5);
        busy(-1);
        return new Promise(function (ok) { setTimeout(ok, wait * 1000); })
          .then(function () { return getJSON(path, options, tries - 1); });
      }
      return r.json().catch(function () { return {}; }).then(function (body) {
        busy(-1);
        if (!r.ok) throw new Error(body.detail || body.title || ("HTTP " + r.status));
        return body;
      });
    }, function (err) { busy(-1); throw err; });
  }
  function q(params) {
    var u = new URLSearchParams();
    Object.keys(params).forEach(function (k) {
      if (params[k] !== "" && params[k] !== null && params[k] !== undefined) u.set(k, params[k]);
    });
    return u.toString();
  }
  function linkName(id) { return links[id] ? links[id].name : id; }
  function firmName(id) { return names[id] || id; }
  function remember(items) { items.forEach(function (f) { if (f.name) names[f.id] = f.name; }); }

  // ---- URL state: ?chain=&link=&focus=&layer= ----
  function writeUrl(push) {
    var u = new URLSearchParams(location.search);
    u.set("chain", CHAIN);
    ["link", "focus", "layer"].forEach(function (k) {
      if (state[k] && !(k === "layer" && state[k] === "overview")) u.set(k, state[k]);
      else u.delete(k);
    });
    var url = location.pathname + "?" + u.toString();
    var entry = { link: state.link, focus: state.focus, layer: state.layer };
    if (location.protocol === "file:") url = location.href.split("?")[0] + "?" + u.toString();
    try {
      if (push) history.pushState(entry, "", url); else history.replaceState(entry, "", url);
    } catch (e) { /* some file: pages refuse history; the view still works */ }
  }
  function readUrl() {
    var u = new URLSearchParams(location.search);
    var link = u.get("link") || "";
    return {
      link: links[link] ? link : "",
      focus: u.get("focus") || "",
      layer: u.get("layer") === "bottleneck" ? "bottleneck" : "overview",
    };
  }

  // ---- the board ----
  var board = $("board");
  var CARD_MIN = 96, CARD_MAX = 128, GAP = 10;
  // Rows shared by every segment column so cards line up across them: as many as fit at the
  // smallest readable card, then only as many as the fullest column needs.
  function boardGrid(segments) {
    var h = board.clientHeight - 48;
    var most = Math.max(2, Math.floor((h + GAP) / (CARD_MIN + GAP)));
    var rows = 1;
    segments.forEach(function (own) {
      var cols = Math.ceil(own.length / most);
      rows = Math.max(rows, Math.ceil(own.length / cols));
    });
    var rowH = Math.max(CARD_MIN, Math.min(CARD_MAX, Math.floor((h - GAP * (rows - 1)) / rows)));
    return { rows: rows, rowH: rowH };
  }
  function bnClass(score) { return "b" + Math.min(4, Math.floor(score * 5)); }

  function cardExtra(l) {
    var parts = [];
    if (A.cone) {
      var n = A.cone.perLink[l.id] || 0;
      parts.push((A.cone.direction === "upstream" ? "↑ 上游锥 " : "↓ 下游锥 ") + n + " 家");
    }
    if (A.impact) {
      if (A.impact.failedLinks[l.id]) parts.push("✕ 停摆 failed");
      var lost = A.impact.summary.by_link[l.id] || 0;
      if (lost) parts.push("断供 " + lost + " 家 cut off");
    }
    if (A.paths && A.paths.links[l.id]) parts.push("⇢ 路径经过 on path");
    return parts.join(" · ");
  }

  function renderCard(l) {
    var c = el("div", null, "card");
    c.tabIndex = 0;
    c.setAttribute("role", "button");
    c.dataset.link = l.id;
    var head = el("div", null, "c-head");
    head.appendChild(el("span", l.name + (l.stale.length ? " ⟳" : ""), "c-name"));
    head.appendChild(el("span", l.worst_grade || "", "c-grade"));
    c.appendChild(head);
    c.appendChild(el("div", (l.name_en || "") + (l.parent ? " ⊂ " + linkName(l.parent) : ""), "c-en"));
    c.appendChild(el("div", "企业 " + l.enterprise_count + " · 龙头 内" + l.leaders_in + "/外" + l.leaders_out, "c-stats"));
    var bn = el("div", null, "c-bn");
    var score = A.bnByLink[l.id];
    var bar = el("span", null, "bar"), fill = el("i");
    fill.style.width = score ? Math.round(score.score * 100) + "%" : "0";
    bar.appendChild(fill);
    bn.appendChild(el("span", "瓶颈 " + (score ? score.score.toFixed(2) : (API ? "…" : "—"))));
    bn.appendChild(bar);
    if (l.institutions.length) {
      var inst = el("button", "机构 " + l.institutions.length, "inst");
      inst.type = "button";
      inst.title = "质量技术服务机构 Institutions serving this link";
      inst.addEventListener("click", function (ev) { ev.stopPropagation(); showLink(l.id, true); });
      inst.addEventListener("dblclick", function (ev) { ev.stopPropagation(); });
      bn.appendChild(inst);
    }
    c.appendChild(bn);
    c.appendChild(el("div", cardExtra(l), "c-extra"));
    var cls = ["card"];
    if (l.worst_grade) cls.push("g" + l.worst_grade.length);
    if (l.illustrative) cls.push("ill");
    if (state.layer === "bottleneck" && score) cls.push(bnClass(score.score));
    if (A.cone && !A.cone.perLink[l.id] && A.cone.rootLinks.indexOf(l.id) < 0) cls.push("dim");
    if (A.impact && A.impact.summary.by_link[l.id]) cls.push("lost");
    if (A.impact && A.impact.failedLinks[l.id]) cls.push("failed");
    if (A.paths && A.paths.links[l.id]) cls.push("on-path");
    if (selectedLink === l.id) cls.push("selected");
    c.className = cls.join(" ");
    c.title = l.name + "：单击查看详情，双击进入企业 · click for details, double-click to open";
    c.addEventListener("click", function () { showLink(l.id, false); });
    c.addEventListener("dblclick", function () { drill(l.id, true); });
    c.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter") { ev.preventDefault(); drill(l.id, true); }
      else if (ev.key === " ") { ev.preventDefault(); showLink(l.id, false); }
    });
    return c;
  }

  var selectedLink = "", lastBox = "";
  function renderBoard() {
    lastBox = board.clientWidth + "x" + board.clientHeight;
    board.textContent = "";
    var groups = M.segments.map(function (s) {
      return M.links.filter(function (l) { return l.segment === s.id; });
    });
    var grid = boardGrid(groups.filter(function (g) { return g.length; }));
    M.segments.forEach(function (s, i) {
      var own = groups[i];
      if (!own.length) return;
      var col = el("div", null, "segment");
      var count = own.reduce(function (n, l) { return n + l.enterprise_count; }, 0);
      var h = el("h2", s.name + " ");
      h.appendChild(el("small", own.length + " 环节 links · " + count + " 家次 firms · " + (s.name_en || "")));
      h.title = s.name + " " + (s.name_en || "");
      col.appendChild(h);
      var cards = el("div", null, "cards");
      var cols = Math.ceil(own.length / grid.rows);
      cards.style.gridTemplateRows = "repeat(" + grid.rows + ", " + grid.rowH + "px)";
      cards.style.gridTemplateColumns = "repeat(" + cols + ", minmax(0, 1fr))";
      col.style.flexGrow = String(cols);
      col.style.maxWidth = cols * 360 + "px";
      own.forEach(function (l) { cards.appendChild(renderCard(l)); });
      col.appendChild(cards);
      board.appendChild(col);
    });
    requestAnimationFrame(drawFlows);
  }

  // Selection changes classes only: re-rendering the cards would swallow a double-click.
  function markSelected() {
    board.querySelectorAll(".card").forEach(function (c) {
      c.classList.toggle("selected", c.dataset.link === selectedLink);
    });
    drawFlows();
  }

  function drawFlows() {
    var old = board.querySelector("svg.flows");
    if (old) old.remove();
    var NS = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(NS, "svg");
    svg.setAttribute("class", "flows");
    svg.setAttribute("width", board.scrollWidth);
    svg.setAttribute("height", board.scrollHeight);
    svg.innerHTML = '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#566573"/></marker>' +
      '<marker id="arrow-hi" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#1f618d"/></marker></defs>';
    var base = board.getBoundingClientRect();
    var boxes = {};
    board.querySelectorAll(".card").forEach(function (c) {
      var r = c.getBoundingClientRect();
      boxes[c.dataset.link] = {
        l: r.left - base.left + board.scrollLeft, r: r.right - base.left + board.scrollLeft,
        t: r.top - base.top + board.scrollTop, b: r.bottom - base.top + board.scrollTop,
      };
    });
    var drawn = 0;
    M.flows.forEach(function (f) {
      var a = boxes[f.source], b = boxes[f.target];
      if (!a || !b) return;
      var hi = selectedLink && (f.source === selectedLink || f.target === selectedLink);
      var d;
      if (Math.abs(a.l - b.l) < 4 && b.t >= a.b && b.t - a.b < GAP * 3) { // the card below
        var x0 = (a.l + a.r) / 2;
        d = "M" + x0 + "," + a.b + " L" + x0 + "," + (b.t - 1);
      } else if (b.l >= a.r - 4) { // left to right
        var y1 = (a.t + a.b) / 2, y2 = (b.t + b.b) / 2, mx = (a.r + b.l) / 2;
        d = "M" + a.r + "," + y1 + " C" + mx + "," + y1 + " " + mx + "," + y2 + " " + (b.l - 1) + "," + y2;
      } else { // same column: an arc on the right side
        var x = Math.max(a.r, b.r), ya = (a.t + a.b) / 2, yb = (b.t + b.b) / 2;
        var bulge = x + 14 + Math.min(40, Math.abs(yb - ya) / 6);
        d = "M" + a.r + "," + ya + " C" + bulge + "," + ya + " " + bulge + "," + yb + " " + b.r + "," + yb;
      }
      var p = document.createElementNS(NS, "path");
      p.setAttribute("d", d);
      p.setAttribute("fill", "none");
      p.setAttribute("stroke", hi ? "#1f618d" : "#99a3a4");
      p.setAttribute("stroke-width", hi ? "2.5" : "1.4");
      if (f.illustrative) p.setAttribute("stroke-dasharray", "5 4");
      p.setAttribute("marker-end", hi ? "url(#arrow-hi)" : "url(#arrow)");
      p.dataset.flow = f.source + ">" + f.target;
      svg.appendChild(p);
      drawn += 1;
    });
    board.appendChild(svg);
    document.body.dataset.flows = String(drawn);
    if (!document.body.dataset.drawn) {
      window.chainMapFirstDrawMs = performance.now();
      document.body.dataset.drawn = "1";
    }
  }

  // ---- details panel ----
  var details = $("details"), body = $("details-body");
  function section(title) { body.appendChild(el("h3", title)); }
  function list(items, render, parent) {
    parent = parent || body;
    if (!items || !items.length) { parent.appendChild(el("p", "—")); return; }
    var ul = el("ul");
    items.forEach(function (it) { var li = el("li"); render(li, it); ul.appendChild(li); });
    parent.appendChild(ul);
  }
  function kv(rows) {
    var t = el("table");
    rows.forEach(function (r) {
      if (r[1] === undefined || r[1] === null || r[1] === "") return;
      var tr = el("tr"); tr.appendChild(el("th", r[0]));
      var td = el("td"); if (r[1] instanceof Node) td.appendChild(r[1]); else td.textContent = r[1];
      tr.appendChild(td); t.appendChild(tr);
    });
    body.appendChild(t);
  }
  function button(text, handler, cls) {
    var b = el("button", text, cls);
    b.type = "button";
    b.addEventListener("click", handler);
    return b;
  }
  function firmButton(id, label) {
    return button(label || firmName(id), function () { focusFirm(id, true); }, "linkish");
  }
  // One side panel at a time (details, what-if or timeline), so the map keeps its width.
  function sidePanel(name) {
    details.hidden = name !== "details";
    $("whatif").hidden = name !== "whatif";
    $("timeline").hidden = name !== "timeline";
    $("whatif-toggle").setAttribute("aria-expanded", String(name === "whatif"));
    $("timeline-toggle").setAttribute("aria-expanded", String(name === "timeline"));
  }
  function openPanel() { sidePanel("details"); }
  // The panel keeps its place beside the map (so nothing moves under the pointer); with
  // nothing selected it tells what the chain holds and what to do.
  function showIntro() {
    body.textContent = "";
    body.dataset.kind = "intro";
    body.dataset.id = "";
    selectedLink = "";
    body.appendChild(el("h2", M.chain.name));
    var firms = M.total;
    kv([["环节 Links", M.links.length], ["企业 Firms", firms], ["省份 Provinces", M.provinces.length],
        ["本省 Home province", M.chain.home]]);
    body.appendChild(el("p", "单击环节卡片查看详情，双击或按回车进入该环节的企业；在企业详情中可查看卡脖子点、上下游依赖锥、供应路径，并加入断供推演。", "explain"));
    body.appendChild(el("p", "Click a link card for its details; double-click or Enter opens its firms. A firm's details show its choke points, upstream and downstream cones and paths, and add it to a what-if.", "explain"));
    openPanel();
  }

  function showLink(id, scrollToInstitutions) {
    var l = links[id];
    selectedLink = id;
    body.textContent = "";
    body.dataset.kind = "link";
    body.dataset.id = id;
    body.appendChild(el("h2", l.name + (l.worst_grade ? " " + l.worst_grade : "")));
    if (l.name_en) body.appendChild(el("div", l.name_en, "en"));
    if (l.illustrative) body.appendChild(el("div", "示意数据 illustrative", "illustrative"));
    var row = el("div", null, "row");
    row.appendChild(button("进入环节企业 Open its firms (" + l.enterprise_count + ")", function () { drill(id, true); }));
    if (API) {
      row.appendChild(button("推演此环节停摆 What-if: it fails", function () {
        $("w-link").value = id; openWhatIf(true); runImpact();
      }));
    }
    body.appendChild(row);
    var seg = M.segments.filter(function (s) { return s.id === l.segment; })[0];
    kv([["所属 Segment", seg ? seg.name : l.segment], ["上级环节 Parent", l.parent ? linkName(l.parent) : ""],
        ["企业 Firms", l.enterprise_count + "（省内 " + l.in_province + "）"],
        ["领导者 Leaders", "省内 " + l.leaders_in + " · 省外 " + l.leaders_out],
        ["质量水平 Quality level", l.quality_level], ["来源 Source", l.source]]);
    section("瓶颈 Bottleneck");
    var score = A.bnByLink[id];
    if (score) {
      body.appendChild(el("p", "综合得分 score " + score.score.toFixed(3) + "（0–1，越高越脆弱 higher is weaker）"));
      var t = el("table");
      Object.keys(COMPONENTS).forEach(function (k) {
        var v = score.components[k];
        var tr = el("tr");
        tr.appendChild(el("th", COMPONENTS[k][0]));
        var td = el("td", v === null || v === undefined ? "—（无供给 no supplies）" : Number(v).toFixed(2));
        td.appendChild(el("div", COMPONENTS[k][1], "explain"));
        tr.appendChild(td); t.appendChild(tr);
      });
      body.appendChild(t);
    } else {
      body.appendChild(el("p", API ? (A.bnError || "计算中… computing") : "离线文件不含分析结果 (the analytics need the service)", "note"));
    }
    if (l.stale.length) { section("⟳ 待更新 Data due for update"); list(l.stale, function (li, r) { li.textContent = r; }); }
    section("未解决质量问题 Open problems (" + l.open_problems.length + ")");
    list(l.open_problems, function (li, p) {
      li.textContent = p.grade + " " + p.title + "（" + p.severity.toFixed(1) + "，" + (STATUS[p.status] || p.status) + "）";
      if (p.illustrative) li.className = "illustrative";
    });
    section("关键质量特性 Quality characteristics");
    list(l.quality_characteristics, function (li, c) {
      li.textContent = c.name + (c.target ? " · 目标 " + c.target : "") + (c.current ? " · 现状 " + c.current : "");
    });
    section("风险点 Risk points");
    list(l.risk_points, function (li, r) { li.textContent = r; });
    var instHead = el("h3", "质量技术服务机构 Institutions (" + l.institutions.length + ")");
    instHead.id = "institutions-head";
    body.appendChild(instHead);
    list(l.institutions, function (li, i) {
      li.textContent = i.name + "（" + i.province + "）" + i.accreditations.join("/");
      if (i.illustrative) {
        li.className = "illustrative";
        li.appendChild(el("span", "示意", "badge"));
      }
      if (i.capabilities.length) {
        var ul = el("ul");
        i.capabilities.forEach(function (c) {
          ul.appendChild(el("li", [c.product, c.parameter, c.method, c.standard].filter(Boolean).join(" · ")));
        });
        li.appendChild(ul);
      }
    });
    openPanel();
    if (scrollToInstitutions) instHead.scrollIntoView();
    if (!state.link) markSelected();
  }

  function firmDetail(id) {
    if (A.firmCache[id]) return Promise.resolve(A.firmCache[id]);
    if (!API) {
      var f = firmsOffline && firmsOffline[id];
      return f ? Promise.resolve(f) : Promise.reject(new Error("无此企业 no such firm: " + id));
    }
    return getJSON("/enterprises/" + encodeURIComponent(id) + "?" + q({ chain: CHAIN, partners: 20 }))
      .then(function (d) { A.firmCache[id] = d; names[id] = d.name; return d; });
  }

  function showFirm(id) {
    body.textContent = "";
    body.dataset.kind = "enterprise";
    body.dataset.id = id;
    body.appendChild(el("h2", firmName(id)));
    openPanel();
    return firmDetail(id).then(function (d) {
      if (body.dataset.id !== id) return;
      body.textContent = "";
      body.appendChild(el("h2", d.name));
      if (d.name_en) body.appendChild(el("div", d.name_en, "en"));
      if (d.basis === "illustrative" || d.illustrative) body.appendChild(el("div", "示意数据 illustrative", "illustrative"));
      var inLinks = el("span");
      (d.links || []).forEach(function (lid, i) {
        if (i) inLinks.appendChild(document.createTextNode("、"));
        inLinks.appendChild(button(linkName(lid), function () { drill(lid, true); }, "linkish"));
      });
      kv([["编号 Id", d.id],
          ["省份 Province", d.province + (d.province === M.chain.home ? "（省内 in province）" : "（省外 out of province）")],
          ["城市 City", [d.city, d.county].filter(Boolean).join(" ")],
          ["质量阶梯 Tier", (d.tier === "leader" ? "★ " : "▲ ") + (TIER[d.tier] || d.tier) + " " + d.tier],
          ["依据 Tier basis", d.tier_basis], ["角色 Role", ROLE[d.role] || d.role],
          ["环节 Links" + ((d.links || []).length > 1 ? "（同一企业 same firm in " + d.links.length + "）" : ""), inLinks],
          ["主要产品 Products", (d.products || []).join("、")], ["来源 Source", d.source]]);
      var marks = [];
      if (A.single[id]) marks.push("单源：" + A.single[id].map(linkName).join("、") + " 只有一家供应商 single-sourced");
      if (A.sole[id]) marks.push("独供：是 " + A.sole[id] + " 个客户的唯一供应商 sole supplier");
      if (A.cut[id]) marks.push("割点：供应网络割点 articulation point");
      if (marks.length) { section("瓶颈标记 Bottleneck marks"); list(marks, function (li, m) { li.textContent = m; }); }
      if (!API) {
        body.appendChild(el("p", "供需关系与分析需连接服务：在服务上打开 /map。 Partners and analytics need the service.", "note"));
        return;
      }
      analysisControls(id);
      var cp = el("div"); section("卡脖子点 Choke points"); body.appendChild(cp);
      cp.appendChild(el("p", "…", "note"));
      getJSON("/enterprises/" + encodeURIComponent(id) + "/choke-points?" + q({ chain: CHAIN }))
        .then(function (r) {
          cp.textContent = "";
          if (!r.choke_points.length) { cp.appendChild(el("p", "无：每条供应路径都有替代 none: no single firm every supply path passes", "note")); return; }
          cp.appendChild(el("p", r.choke_points.length + " 家企业是所有供应路径的必经点（近者在前） firms every supply path into it passes, nearest first", "explain"));
          return resolveNames(r.choke_points).then(function () {
            list(r.choke_points, function (li, c) { li.appendChild(firmButton(c)); }, cp);
          });
        }).catch(function (e) { cp.textContent = ""; cp.appendChild(el("p", e.message, "error")); });
      section("供应商 Suppliers (" + d.suppliers_total + ")");
      list(d.suppliers, function (li, p) { li.appendChild(firmButton(p.id, p.name)); li.appendChild(document.createTextNode(" · " + linkName(p.link))); });
      if (d.suppliers_total > d.suppliers.length) body.appendChild(el("p", "另 " + (d.suppliers_total - d.suppliers.length) + " 家 more", "note"));
      section("客户 Customers (" + d.customers_total + ")");
      list(d.customers, function (li, p) { li.appendChild(firmButton(p.id, p.name)); li.appendChild(document.createTextNode(" · " + linkName(p.link))); });
      if (d.customers_total > d.customers.length) body.appendChild(el("p", "另 " + (d.customers_total - d.customers.length) + " 家 more", "note"));
    }).catch(function (e) {
      body.appendChild(el("p", e.message, "error"));
    });
  }

  function resolveNames(ids) {
    var missing = ids.filter(function (i) { return !names[i]; }).slice(0, 60);
    return Promise.all(missing.map(function (i) {
      return firmDetail(i).catch(function () { return null; });
    }));
  }

  function analysisControls(id) {
    section("依赖分析 Dependencies");
    var row = el("div", null, "row");
    var depth = el("select");
    depth.id = "cone-depth";
    depth.setAttribute("aria-label", "深度 depth");
    for (var i = 1; i <= 10; i++) { var o = el("option", i + " 跳 hops"); o.value = String(i); depth.appendChild(o); }
    depth.value = String(A.cone ? A.cone.depth : 3);
    row.appendChild(el("label", "深度 Depth ")); row.lastChild.appendChild(depth);
    row.appendChild(button("↑ 上游 Upstream", function () { runCone(id, "upstream", Number(depth.value)); }));
    row.appendChild(button("↓ 下游 Downstream", function () { runCone(id, "downstream", Number(depth.value)); }));
    body.appendChild(row);
    var prow = el("div", null, "row");
    var to = el("input"); to.id = "path-to"; to.placeholder = "第二家企业名称或编号 second firm";
    to.setAttribute("aria-label", "路径终点 path to");
    prow.appendChild(to);
    prow.appendChild(button("路径至… Paths to", function () { pickAndPath(id, to.value); }));
    body.appendChild(prow);
    var wrow = el("div", null, "row");
    wrow.appendChild(button("加入推演 Add to what-if", function () { addToWhatIf(id); }));
    body.appendChild(wrow);
    var out = el("div"); out.id = "analysis-out"; body.appendChild(out);
    if (A.cone && A.cone.root === id) coneList(out);
    if (A.paths && A.paths.from === id) pathList(out);
  }

  // ---- dependency cones and paths ----
  function runCone(id, direction, depth) {
    return getJSON("/enterprises/" + encodeURIComponent(id) + "/" + direction + "?" +
      q({ chain: CHAIN, depth: depth, limit: 1000 })).then(function (r) {
      var perLink = {}, dist = {};
      r.nodes.forEach(function (n) {
        dist[n.id] = n.distance; if (n.name) names[n.id] = n.name;
        if (n.id === id) return;
        n.links.forEach(function (lid) { perLink[lid] = (perLink[lid] || 0) + 1; });
      });
      var others = r.nodes.filter(function (n) { return n.id !== id; });
      var root = A.firmCache[id] || (firmsOffline && firmsOffline[id]);
      dist[id] = 0;
      A.cone = { root: id, direction: direction, depth: depth, nodes: others, dist: dist,
        perLink: perLink, rootLinks: root ? root.links : [], total: r.total, truncated: r.truncated };
      A.paths = null;
      status((direction === "upstream" ? "上游锥 Upstream cone of " : "下游锥 Downstream cone of ") +
        firmName(id) + "：" + others.length + " 家企业，" + depth + " 跳内 within " + depth + " hops" +
        (r.truncated ? "（只列最近的 1000 nearest 1000 shown）" : ""), clearCone);
      var out = $("analysis-out"); if (out) coneList(out);
      redraw();
      return A.cone;
    }).catch(function (e) { status("依赖锥失败 " + e.message, null); });
  }
  function coneList(out) {
    out.textContent = "";
    var c = A.cone;
    var others = c.nodes;
    out.appendChild(el("h3", (c.direction === "upstream" ? "上游 Upstream" : "下游 Downstream") + "：" + others.length + " 家 firms" + (c.truncated ? "+" : "")));
    var shown = others.slice(0, 100);
    list(shown, function (li, n) {
      li.appendChild(document.createTextNode(n.distance + " 跳 · "));
      li.appendChild(firmButton(n.id, n.name || n.id));
      li.appendChild(document.createTextNode(" · " + n.links.map(linkName).join("、")));
    }, out);
    if (others.length > shown.length) out.appendChild(el("p", "另 " + (others.length - shown.length) + " 家 more", "note"));
    out.appendChild(button("清除依赖锥 Clear cone", clearCone));
  }
  function clearCone() { A.cone = null; A.paths = null; status("", null); redraw(); var o = $("analysis-out"); if (o) o.textContent = ""; }

  function pickAndPath(from, text) {
    text = (text || "").trim();
    if (!text) return Promise.resolve();
    return findFirms(text).then(function (hits) {
      if (!hits.length) { status("找不到 no firm matches " + text, null); return; }
      var exact = hits.filter(function (h) { return h.id === text || h.name === text; });
      if (exact.length === 1 || hits.length === 1) return runPaths(from, (exact[0] || hits[0]).id);
      // Several firms match: the planner picks the one meant.
      var out = $("analysis-out");
      out.textContent = "";
      out.appendChild(el("h3", "选择终点企业 Which firm? (" + hits.length + ")"));
      hits.slice(0, 10).forEach(function (h) {
        var row = el("div", null, "row");
        row.appendChild(button(h.name + " · " + h.id, function () { runPaths(from, h.id); }, "linkish"));
        out.appendChild(row);
      });
    });
  }
  function runPaths(from, to) {
    return getJSON("/paths?" + q({ from: from, to: to, chain: CHAIN, limit: 5, max_length: 12 }))
      .then(function (r) {
        var on = {}, onLinks = {};
        r.paths.forEach(function (p) { p.forEach(function (id) { on[id] = true; }); });
        var ids = Object.keys(on);
        return resolveNames(ids).then(function () {
          ids.forEach(function (id) {
            var f = A.firmCache[id] || (firmsOffline && firmsOffline[id]);
            if (f) f.links.forEach(function (lid) { onLinks[lid] = true; });
          });
          A.paths = { from: from, to: to, paths: r.paths, firms: on, links: onLinks };
          A.cone = null;
          status("供应路径 Supply paths " + firmName(from) + " → " + firmName(to) + "：" + r.paths.length + " 条", clearCone);
          var out = $("analysis-out"); if (out) pathList(out);
          redraw();
        });
      }).catch(function (e) { status("路径失败 " + e.message, null); });
  }
  function pathList(out) {
    out.textContent = "";
    var P = A.paths;
    out.appendChild(el("h3", "最短供应路径 Shortest supply paths → " + firmName(P.to) + "（" + P.paths.length + "）"));
    if (!P.paths.length) out.appendChild(el("p", "没有供应路径 no supply path", "note"));
    P.paths.forEach(function (p) {
      var div = el("div", null, "row");
      p.forEach(function (id, i) {
        if (i) div.appendChild(el("span", "→"));
        div.appendChild(firmButton(id));
      });
      out.appendChild(div);
    });
    out.appendChild(button("清除路径 Clear paths", clearCone));
  }

  // ---- disruption what-if ----
  function addToWhatIf(id) {
    if (A.pick.firms.indexOf(id) < 0) A.pick.firms.push(id);
    renderPick();
    openWhatIf(true);
  }
  function renderPick() {
    var box = $("w-firms");
    box.textContent = A.pick.firms.length ? "" : "—";
    A.pick.firms.forEach(function (id) {
      box.appendChild(button(firmName(id) + " ×", function () {
        A.pick.firms = A.pick.firms.filter(function (x) { return x !== id; }); renderPick();
      }, "badge"));
    });
  }
  function openWhatIf(open) { sidePanel(open ? "whatif" : "details"); }
  function runImpact(request) {
    request = request || {
      enterprises: A.pick.firms.slice(),
      links: $("w-link").value ? [$("w-link").value] : [],
      provinces: $("w-province").value ? [$("w-province").value] : [],
    };
    if (!request.enterprises.length && !request.links.length && !request.provinces.length) {
      $("w-result").textContent = "请先选择企业、环节或省份 pick something to fail first";
      return Promise.resolve(null);
    }
    return getJSON("/chains/" + encodeURIComponent(CHAIN) + "/impact", {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(request),
    }).then(function (r) {
      var round = {}, failed = {}, failedLinks = {};
      r.cut_off.forEach(function (c) { round[c.id] = c.round; });
      r.summary.failed.forEach(function (id) { failed[id] = true; });
      r.summary.failed_links.forEach(function (id) { failedLinks[id] = true; });
      A.impact = { request: request, cutOff: r.cut_off, round: round, failed: failed,
        failedLinks: failedLinks, summary: r.summary };
      impactSummary();
      status("推演 What-if：" + r.summary.total_failed + " 家停产，" + r.summary.total_cut_off + " 家断供，" +
        Object.keys(r.summary.by_link).length + " 个环节受损", clearImpact);
      redraw();
      return r;
    }).catch(function (e) { $("w-result").textContent = "推演失败 " + e.message; });
  }
  function impactSummary() {
    var box = $("w-result"), s = A.impact.summary;
    box.textContent = "";
    box.appendChild(el("h3", "结果 Result"));
    var t = el("table");
    [["停产企业 Failed", s.total_failed], ["断供企业 Cut off", s.total_cut_off]].forEach(function (r) {
      var tr = el("tr"); tr.appendChild(el("th", r[0])); tr.appendChild(el("td", r[1])); t.appendChild(tr);
    });
    box.appendChild(t);
    box.appendChild(el("h3", "断供环节 Links lost"));
    var byLink = Object.keys(s.by_link).sort(function (a, b) { return s.by_link[b] - s.by_link[a]; });
    list(byLink, function (li, lid) { li.textContent = linkName(lid) + "：" + s.by_link[lid] + " 家失去此环节全部供应商 lost every supplier here"; }, box);
    box.appendChild(el("h3", "按轮次 By round"));
    list(Object.keys(s.by_round), function (li, r) { li.textContent = "第 " + r + " 轮 round " + r + "：" + s.by_round[r] + " 家"; }, box);
    box.appendChild(el("h3", "按省份 By province"));
    list(Object.keys(s.by_province), function (li, p) { li.textContent = p + "：" + s.by_province[p] + " 家"; }, box);
    box.appendChild(button("清除推演 Clear", clearImpact));
  }
  function clearImpact() { A.impact = null; $("w-result").textContent = ""; status("", null); redraw(); }

  // ---- status bar (what is drawn on the map now, and one click to clear it) ----
  var statusClear = null;
  function status(text, onClear) {
    $("status-bar").hidden = !text;
    $("status-text").textContent = text;
    statusClear = onClear;
    $("status-clear").hidden = !onClear;
  }
  $("status-clear").addEventListener("click", function () { if (statusClear) statusClear(); });

  // ---- a drilled link ----
  function firmPage(link, offset) {
    if (!API && !M.firms) return Promise.resolve({ items: [], total: 0 });
    if (!API) {
      var all = M.firms.filter(function (f) {
        return f.links.indexOf(link) >= 0 && (!state.province || f.province === state.province) &&
          (!state.tier || f.tier === state.tier) && (!state.role || f.role === state.role);
      });
      return Promise.resolve({ items: all.slice(offset, offset + PAGE), total: all.length });
    }
    return getJSON("/chains/" + encodeURIComponent(CHAIN) + "/enterprises?" + q({
      link: link, province: state.province, tier: state.tier, role: state.role, limit: PAGE, offset: offset,
    }));
  }
  function loadPage() {
    var token = ++pageToken;
    $("firms").textContent = "";
    $("firms").appendChild(el("p", "加载中… loading", "note"));
    return firmPage(state.link, state.page * PAGE).then(function (r) {
      if (token !== pageToken) return;
      pageItems = r.items; pageTotal = r.total;
      remember(r.items);
      renderFirms();
    }).catch(function (e) { $("firms").textContent = ""; $("firms").appendChild(el("p", e.message, "error")); });
  }
  function renderChip(f, pinned) {
    var c = el("button", null, "firm");
    c.type = "button";
    c.dataset.id = f.id;
    c.appendChild(el("span", f.tier === "leader" ? "★" : "▲", "f-mark"));
    c.appendChild(el("span", f.name, "f-name"));
    var inProv = f.province === M.chain.home;
    c.appendChild(el("span", f.province + (inProv ? "·省内" : ""), "f-prov"));
    var cls = ["firm", f.tier === "leader" ? "leader" : "follower"];
    if (inProv) cls.push("in");
    if (f.basis === "illustrative" || f.illustrative) { cls.push("ill"); c.appendChild(el("span", "示意", "badge")); }
    var others = (f.links || []).filter(function (l) { return l !== state.link; });
    if (others.length) {
      var same = el("span", f.links.length + "环节", "badge b-same");
      same.title = "同一企业也在 same firm also in: " + others.map(linkName).join("、");
      c.appendChild(same);
    }
    if (A.single[f.id] && A.single[f.id].length) c.appendChild(el("span", "单源", "badge b-single"));
    if (A.sole[f.id]) c.appendChild(el("span", "独供", "badge b-sole"));
    if (A.cut[f.id]) c.appendChild(el("span", "割点", "badge b-cut"));
    if (A.cone) {
      if (f.id === A.cone.root) {
        c.appendChild(el("span", "◎ 起点 root", "badge b-cone"));
      } else if (A.cone.dist[f.id] !== undefined) {
        c.appendChild(el("span", (A.cone.direction === "upstream" ? "↑" : "↓") + A.cone.dist[f.id], "badge b-cone"));
      } else cls.push("dim");
    }
    if (A.paths) { if (A.paths.firms[f.id]) c.appendChild(el("span", "⇢", "badge b-path")); else cls.push("dim"); }
    if (A.impact) {
      if (A.impact.failed[f.id]) { cls.push("failed"); c.appendChild(el("span", "✕", "badge b-failed")); }
      else if (A.impact.round[f.id]) {
        cls.push("cut", "r" + Math.min(A.impact.round[f.id], 3));
        c.appendChild(el("span", "R" + A.impact.round[f.id], "badge b-lost"));
      }
    }
    if (f.id === state.focus) cls.push("focus");
    if (pinned) cls.push("pinned");
    c.className = cls.join(" ");
    c.addEventListener("click", function () { focusFirm(f.id, true); });
    return c;
  }
  function renderFirms() {
    var box = $("firms");
    box.textContent = "";
    var onPage = pageItems.some(function (f) { return f.id === state.focus; });
    var focused = state.focus && (A.firmCache[state.focus] || (firmsOffline && firmsOffline[state.focus]));
    if (focused && !onPage && (focused.links || []).indexOf(state.link) >= 0) {
      box.appendChild(renderChip(focused, true));
      box.appendChild(el("div", "↑ 所选企业（不在本页）focused firm, on another page", "pinned-note"));
    }
    pageItems.forEach(function (f) { box.appendChild(renderChip(f, false)); });
    if (!pageItems.length) {
      box.appendChild(el("p", !API && !M.firms ? "本离线文件不含企业名单 this file carries no firms (see the banner)" : "没有符合条件的企业 no firm matches", "note"));
    }
    var pages = Math.max(1, Math.ceil(pageTotal / PAGE));
    $("page-info").textContent = "第 " + (state.page + 1) + "/" + pages + " 页 · 共 " + pageTotal + " 家";
    $("page-prev").disabled = state.page === 0;
    $("page-next").disabled = state.page + 1 >= pages;
    document.body.dataset.firmsShown = String(pageItems.length);
    if (!document.body.dataset.drawn) {
      window.chainMapFirstDrawMs = performance.now();
      document.body.dataset.drawn = "1";
    }
  }

  function drill(linkId, push) {
    state.link = linkId || "";
    state.page = 0;
    apply(push);
  }

  function apply(push) {
    var drilled = state.link !== "";
    board.hidden = drilled;
    $("drill").hidden = !drilled;
    $("back").disabled = !drilled;
    var l = links[state.link];
    var crumb = drilled ? "全链 › " + l.name : "全链 Whole chain";
    $("crumb").textContent = crumb;
    $("layer").value = state.layer;
    if (push !== null) writeUrl(push);
    if (drilled) {
      $("drill-title").textContent = l.name + (l.name_en ? " " + l.name_en : "") + " · " + l.enterprise_count + " 家企业";
      loadPage();
    } else {
      renderBoard();
    }
  }

  function redraw() {
    if (state.link) renderFirms(); else renderBoard();
  }

  function focusFirm(id, push) {
    state.focus = id;
    return firmDetail(id).then(function (d) {
      var own = d.links || [];
      if (own.length && own.indexOf(state.link) < 0) { state.link = own[0]; state.page = 0; apply(push); }
      else { if (push !== null) writeUrl(push); if (state.link) renderFirms(); }
      showFirm(id);
    }, function (e) { status(e.message, null); });
  }

  // ---- search ----
  function findFirms(text) {
    if (!API && !M.firms) return Promise.resolve([]);
    if (!API) {
      var hits = M.firms.filter(function (f) { return f.id === text || f.name.indexOf(text) >= 0 ||
        (f.name_en || "").toLowerCase().indexOf(text.toLowerCase()) >= 0; });
      hits.sort(function (a, b) { return (a.id !== text) - (b.id !== text) || a.name.length - b.name.length; });
      return Promise.resolve(hits.slice(0, 20));
    }
    return getJSON("/chains/" + encodeURIComponent(CHAIN) + "/search?" + q({ q: text, limit: 20 }))
      .then(function (r) { remember(r.items); return r.items; });
  }
  var searchInput = $("search"), results = $("search-results"), searchTimer = null, hitList = [], hitIndex = -1;
  function showHits(hits) {
    hitList = hits; hitIndex = -1;
    results.textContent = "";
    hits.forEach(function (h, i) {
      var li = el("li");
      li.setAttribute("role", "option");
      li.id = "hit-" + i;
      li.dataset.id = h.id;
      li.appendChild(document.createTextNode((h.tier === "leader" ? "★ " : "▲ ") + h.name + " "));
      li.appendChild(el("span", h.id + " · " + (h.province || "") + " · " + h.links.map(linkName).join("、"), "muted"));
      li.addEventListener("mousedown", function (ev) { ev.preventDefault(); chooseHit(i); });
      results.appendChild(li);
    });
    if (!hits.length) results.appendChild(el("li", "无结果 nothing found", "muted"));
    results.hidden = false;
  }
  function chooseHit(i) {
    var h = hitList[i];
    if (!h) return;
    results.hidden = true;
    searchInput.value = h.name;
    focusFirm(h.id, true);
  }
  searchInput.addEventListener("input", function () {
    clearTimeout(searchTimer);
    var text = searchInput.value.trim();
    if (!text) { results.hidden = true; return; }
    searchTimer = setTimeout(function () { findFirms(text).then(showHits); }, 150);
  });
  searchInput.addEventListener("keydown", function (ev) {
    if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      ev.preventDefault();
      if (!hitList.length) return;
      hitIndex = (hitIndex + (ev.key === "ArrowDown" ? 1 : hitList.length - 1)) % hitList.length;
      results.querySelectorAll("li").forEach(function (li, i) { li.setAttribute("aria-selected", String(i === hitIndex)); });
      searchInput.setAttribute("aria-activedescendant", "hit-" + hitIndex);
    } else if (ev.key === "Enter") {
      ev.preventDefault();
      var text = searchInput.value.trim();
      if (hitIndex >= 0) chooseHit(hitIndex);
      else if (text) findFirms(text).then(function (h) { hitList = h; if (h.length) chooseHit(0); else showHits(h); });
    } else if (ev.key === "Escape") { results.hidden = true; }
  });
  searchInput.addEventListener("blur", function () { setTimeout(function () { results.hidden = true; }, 150); });

  // ---- bottlenecks from the service ----
  function loadBottlenecks() {
    if (!API) return Promise.resolve(null);
    return getJSON("/chains/" + encodeURIComponent(CHAIN) + "/bottlenecks").then(function (r) {
      A.bottlenecks = r;
      r.links.forEach(function (s) { A.bnByLink[s.id] = s; });
      r.single_source.forEach(function (s) {
        (A.single[s.customer] = A.single[s.customer] || []).push(s.link);
        A.sole[s.supplier] = (A.sole[s.supplier] || 0) + 1;
      });
      r.articulation_points.forEach(function (id) { A.cut[id] = true; });
      redraw();
      window.chainMapCompleteMs = performance.now();
      document.body.dataset.bottlenecks = "1";
      if (body.dataset.kind === "link" && !details.hidden) showLink(body.dataset.id, false);
      return r;
    }).catch(function (e) { A.bnError = "瓶颈分析不可用 bottlenecks unavailable: " + e.message; });
  }

  // ---- wiring ----
  $("back").addEventListener("click", function () { drill("", true); });
  $("details-close").addEventListener("click", function () { showIntro(); if (!state.link) markSelected(); });
  $("layer").addEventListener("change", function (ev) { state.layer = ev.target.value; writeUrl(true); redraw(); });
  [["f-province", "province"], ["f-tier", "tier"], ["f-role", "role"]].forEach(function (p) {
    $(p[0]).addEventListener("change", function (ev) { state[p[1]] = ev.target.value; state.page = 0; loadPage(); });
  });
  $("page-prev").addEventListener("click", function () { if (state.page > 0) { state.page -= 1; loadPage(); } });
  $("page-next").addEventListener("click", function () { state.page += 1; loadPage(); });
  $("whatif-toggle").addEventListener("click", function () { openWhatIf($("whatif").hidden); });
  $("w-run").addEventListener("click", function () { runImpact(); });
  $("w-reset").addEventListener("click", function () {
    A.pick.firms = []; $("w-link").value = ""; $("w-province").value = ""; renderPick();
  });
  $("timeline-toggle").addEventListener("click", function () {
    sidePanel($("timeline").hidden ? "timeline" : "details");
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.key !== "Escape" || ev.target === searchInput) return;
    if (!$("timeline").hidden || !$("whatif").hidden) sidePanel("details");
    else { showIntro(); if (!state.link) markSelected(); }
  });
  M.provinces.forEach(function (p) {
    [$("f-province"), $("w-province")].forEach(function (s) {
      var o = el("option", p + (p === M.chain.home ? "（省内）" : "")); o.value = p; s.appendChild(o);
    });
  });
  M.links.forEach(function (l) { var o = el("option", l.name); o.value = l.id; $("w-link").appendChild(o); });
  M.timeline.slice().reverse().forEach(function (t) {
    var li = el("li");
    li.appendChild(el("span", t.date.slice(0, 10), "date"));
    li.appendChild(el("span", t.kind === "event" ? "事件 " : "版本 "));
    li.appendChild(document.createTextNode(t.title + (t.triggers_update ? " ⟳" : "")));
    $("timeline-list").appendChild(li);
  });
  if (M.omitted) { $("banner").textContent = M.omitted; $("banner").hidden = false; }
  if (!API) {
    ["whatif-toggle"].forEach(function (id) { $(id).disabled = true; $(id).title = "需连接服务 needs the service"; });
    $("layer").querySelector("option[value=bottleneck]").disabled = true;
  }
  window.addEventListener("popstate", function (ev) {
    var s = ev.state || readUrl();
    state.layer = s.layer || "overview";
    var focusChanged = (s.focus || "") !== state.focus;
    state.focus = s.focus || "";
    state.link = s.link || "";
    state.page = 0;
    apply(null);
    if (state.focus && focusChanged) showFirm(state.focus);
    else if (!state.focus) showIntro();
  });
  // The board is laid out for its box: a window resize or a panel opening beside it redraws.
  var resizeTimer = null;
  new ResizeObserver(function () {
    var box = board.clientWidth + "x" + board.clientHeight;
    if (box === lastBox || state.link) return;
    lastBox = box;
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(renderBoard, 60);
  }).observe(board);

  if (window.innerWidth < 1500) $("legend").open = false;
  showIntro();
  var start = readUrl();
  state.link = start.link; state.layer = start.layer;
  apply(false);
  if (start.focus) focusFirm(start.focus, false);
  loadBottlenecks();

  // For scripts and tests driving the page.
  window.chainMap = {
    meta: M, state: state, analyses: A, drill: drill, focusFirm: focusFirm, showLink: showLink,
    runCone: runCone, runPaths: runPaths, runImpact: runImpact, clearCone: clearCone,
    clearImpact: clearImpact, findFirms: findFirms, loadBottlenecks: loadBottlenecks,
  };
})();
