/**
 * What ships, decided by file name. Every file of the exercises' folder (`solutions/`) has one
 * role, read from its name alone, so adding an exercise never means editing a list:
 *
 * | name (relative to solutions/)                                  | role         | goes to                    |
 * | -------------------------------------------------------------- | ------------ | -------------------------- |
 * | `package.json`, `tsconfig.json`, `index.ts`, `catalogue.ts`, `check.ts` | `shipped` | students and graders |
 * | `<id>/exercise.ts`, `<id>/public.ts`, `shared/<name>.ts`       | `shipped`    | students and graders       |
 * | `<id>/hidden.ts`, `shared/hidden<…>.ts`                        | `hidden`     | graders only (Gradescope)  |
 * | `<id>/solution.ts`, `<id>/answer.md`, `<id>/wrong/<name>.ts`, `experiments.<ext>` | `instructor` | nobody |
 *
 * A name outside this table is an error, never a guess: a release refuses to decide for it.
 */
export type Role = "shipped" | "hidden" | "instructor";

const ID = String.raw`\d+\.\d+\.\d+`;
const RULES: readonly [RegExp, Role][] = [
  [/^(package\.json|tsconfig\.json|index\.ts|catalogue\.ts|check\.ts)$/, "shipped"],
  [new RegExp(`^${ID}/(exercise|public)\\.ts$`), "shipped"],
  [/^shared\/hidden[\w.-]*\.ts$/, "hidden"],
  [/^shared\/[\w.-]+\.ts$/, "shipped"],
  [new RegExp(`^${ID}/hidden\\.ts$`), "hidden"],
  [new RegExp(`^${ID}/(solution\\.ts|answer\\.md)$`), "instructor"],
  [new RegExp(`^${ID}/wrong/[\\w.-]+\\.ts$`), "instructor"],
  [/^experiments\.(json|md)$/, "instructor"],
];

/** The role of a file of the exercises' folder, by its path relative to that folder (`/` separators). */
export function roleOf(rel: string): Role {
  for (const [pattern, role] of RULES) if (pattern.test(rel)) return role;
  throw new Error(
    `ship: solutions/${rel}: no rule says whether this file ships; expected one of exercise.ts, public.ts, hidden.ts, solution.ts, answer.md, wrong/<name>.ts in solutions/<id>/, or shared/<name>.ts (shared/hidden<name>.ts for graders only)`,
  );
}

/** Whether a file of the exercises' folder goes to this audience. */
export function shipsTo(rel: string, audience: "student" | "grader"): boolean {
  const role = roleOf(rel);
  return role === "shipped" || (role === "hidden" && audience === "grader");
}
