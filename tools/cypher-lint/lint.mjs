// Lints .cypher files with Neo4j's own linter (lintCypherQuery).
//
// Usage: node tools/cypher-lint/lint.mjs <file-or-directory>...
//
// Prints `path:line:col: severity: message` per diagnostic (1-based line and
// column), then a summary line; exits 1 if any error, 2 on bad usage.
//
// The DbSchema handed to the linter is deliberately minimal: it declares only
// the parameters the query itself uses (values always come from the caller),
// and no labels, relationship types, functions or procedures, so unknown
// labels are not reported while syntax and semantic errors (undefined
// variables, bad clause order) still are. One query per file is a project
// rule, so an empty file or a file with several statements is an error too.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';

// The package's ESM build uses extensionless imports that Node cannot
// resolve, so load its CommonJS bundle.
const require = createRequire(import.meta.url);
const { lintCypherQuery, parseParameters, parserWrapper } = require(
  '@neo4j-cypher/language-support',
);

const SEVERITY = { 1: 'error', 2: 'warning', 3: 'info', 4: 'hint' };

/** Every .cypher file under `path` (or `path` itself), sorted. */
function cypherFiles(path) {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const child = join(path, entry.name);
      if (entry.isDirectory()) return cypherFiles(child);
      return entry.name.endsWith('.cypher') ? [child] : [];
    });
}

/** Number of non-empty statements (Cypher or console commands) in `query`. */
function statementCount(query) {
  return parserWrapper
    .parse(query, false)
    .statementsParsing.filter(
      (s) => s.command.type !== 'cypher' || s.command.statement.trim().length > 0,
    ).length;
}

/** Diagnostics for one query text, as {line, col, severity, message}. */
function lintQuery(query) {
  const parameters = Object.fromEntries(
    parseParameters(query, false).map((name) => [name, null]),
  );
  const found = lintCypherQuery(query, { parameters }).map((d) => ({
    line: d.range.start.line + 1,
    col: d.range.start.character + 1,
    severity: SEVERITY[d.severity] ?? 'error',
    message: d.message,
  }));
  const count = statementCount(query);
  if (count !== 1) {
    found.push({
      line: 1,
      col: 1,
      severity: 'error',
      message:
        count === 0
          ? 'file contains no query'
          : `file contains ${count} statements; one query per file`,
    });
  }
  return found;
}

function main(args) {
  if (args.length === 0) {
    console.error('usage: node lint.mjs <file-or-directory>...');
    return 2;
  }
  let files;
  try {
    files = args.flatMap(cypherFiles);
  } catch (err) {
    console.error(`lint.mjs: ${err.message}`);
    return 2;
  }
  const tally = { error: 0, warning: 0, info: 0, hint: 0 };
  for (const file of files) {
    const rel = relative(process.cwd(), file);
    const shown = rel && !rel.startsWith('..') ? rel : file;
    for (const d of lintQuery(readFileSync(file, 'utf8'))) {
      tally[d.severity] += 1;
      console.log(`${shown}:${d.line}:${d.col}: ${d.severity}: ${d.message}`);
    }
  }
  console.log(
    `${files.length} file(s) linted: ${tally.error} error(s), ${tally.warning} warning(s)`,
  );
  return tally.error > 0 ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
