import { suite } from "uvu";
import * as assert from "uvu/assert";
import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import { listSources } from "./import-rules";

const SRC = path.join(__dirname, "..", "src");

/** The types a file declares with `export` at its top level (type aliases, interfaces, classes). */
function exportedTypes(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, true);
  const exported = (node: ts.Node) =>
    ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  return source.statements
    .filter((node) => (ts.isTypeAliasDeclaration(node) || ts.isInterfaceDeclaration(node) || ts.isClassDeclaration(node)) && exported(node))
    .flatMap((node) => {
      const name = (node as ts.TypeAliasDeclaration | ts.InterfaceDeclaration | ts.ClassDeclaration).name;
      return name === undefined ? [] : [name.text];
    });
}

/** Types declared in more than one file: `name: file, file`. */
function declaredTwice(declarations: readonly { file: string; names: readonly string[] }[]): string[] {
  const where = new Map<string, string[]>();
  for (const { file, names } of declarations) for (const name of names) where.set(name, [...(where.get(name) ?? []), file]);
  return [...where].filter(([, files]) => files.length > 1).map(([name, files]) => `${name}: ${files.join(", ")}`);
}

const once = suite("declared once");

once("exportedTypes reads exported type declarations only, not values, local types or re-exports", () => {
  const text = [
    "export type GruParams = { readonly W_xz: number };",
    "export interface LstmState { readonly H: number }",
    "export function gruStep() {}",
    "export class Rng {}",
    "export const A = 1, B = 2;",
    "type Local = number;",
    'export { rnnStep } from "./rnn";',
  ].join("\n");
  assert.equal(exportedTypes("x.ts", text), ["GruParams", "LstmState", "Rng"]);
});

once("declaredTwice names each duplicate and its files", () => {
  const got = declaredTwice([
    { file: "cells/gru.ts", names: ["GruParams", "GruState"] },
    { file: "model/fused.ts", names: ["GruParams"] },
  ]);
  assert.equal(got, ["GruParams: cells/gru.ts, model/fused.ts"]);
});

once("every exported type of lib/src (exercises' public tests aside) is declared in one file", () => {
  // check/public/ holds the exercises, moving to solutions/ (issue 12); their types are theirs.
  const files = listSources(SRC).filter((f) => !f.startsWith("check/public/"));
  const declarations = files.map((file) => ({ file, names: exportedTypes(file, fs.readFileSync(path.join(SRC, file), "utf8")) }));
  const all = declarations.flatMap((d) => d.names);
  for (const name of ["RnnParams", "GruParams", "LstmParams", "OutputParams", "CellName"]) assert.ok(all.includes(name), `${name} is read`);
  assert.equal(declaredTwice(declarations), []);
});

once.run();
