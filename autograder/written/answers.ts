/**
 * The written questions of a grading folder, with the reference answer and the students' answers
 * grouped so that one score serves every answer of a group.
 *
 * Grouping rule: two answers are in one group when they are equal after `normalizeAnswer` (Unicode
 * NFKC, lower case, every character that is not a letter or a digit removed: whitespace, punctuation,
 * symbols, full-width or not). Nothing fuzzier: "会发散" and "不会发散" differ by one character and
 * mean the opposite, so an edit-distance rule could merge a right and a wrong answer. Unanswered
 * cells (missing, or still the placeholder) form one group of their own.
 */
import * as fs from "node:fs";
import * as crypto from "node:crypto";
import { idOrder, writtenExercises } from "../catalogue";
import { writtenPath } from "../cells";
import type { StudentResult } from "../reports";

export interface Member {
  readonly student: string;
  /** The student's text (already made inert by the grader's `clean`), or null when unanswered. */
  readonly answer: string | null;
  readonly cell: string | null;
}

export interface Group {
  /** Stable id of the group: a hash of the normalised text ("none" for the unanswered). */
  readonly key: string;
  readonly members: Member[];
}

export interface Question {
  readonly id: string;
  readonly title: string;
  readonly question: string;
  readonly maxPoints: number;
  /** solutions/<id>/answer.md, or null when the reference answer is not written yet. */
  readonly reference: string | null;
  /** Largest group first, then by the first student's id; the unanswered group last. */
  readonly groups: Group[];
}

/** The text an answer is compared by (see the module comment). */
export function normalizeAnswer(s: string): string {
  return s
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "");
}

/** Every written question of the catalogue, with the answers of `results` grouped. */
export function questions(results: readonly StudentResult[]): Question[] {
  const students = [...results].sort((a, b) => a.student.localeCompare(b.student));
  return writtenExercises()
    .sort((a, b) => idOrder(a.id, b.id))
    .map((e) => {
      const groups = new Map<string, Member[]>();
      for (const r of students) {
        const w = r.written.find((x) => x.id === e.id);
        const answer = w?.answer ?? null;
        const norm = answer === null ? "" : normalizeAnswer(answer);
        // An answer of punctuation only is not grouped with the unanswered: it was written.
        const key =
          answer === null
            ? "none"
            : crypto
                .createHash("sha256")
                .update(norm === "" ? answer : norm)
                .digest("hex")
                .slice(0, 16);
        if (!groups.has(key)) groups.set(key, []);
        groups.get(key)!.push({ student: r.student, answer, cell: w?.cell ?? null });
      }
      const file = writtenPath(e.id);
      return {
        id: e.id,
        title: e.title,
        question: e.question,
        maxPoints: e.written!.points,
        reference: fs.existsSync(file) ? fs.readFileSync(file, "utf8").trim() : null,
        groups: [...groups]
          .map(([key, members]) => ({ key, members }))
          .sort(
            (a, b) =>
              Number(a.key === "none") - Number(b.key === "none") ||
              b.members.length - a.members.length ||
              a.members[0].student.localeCompare(b.members[0].student),
          ),
      };
    });
}
