// Exercise 6.1.2: its catalogue entry.
import type { Exercise } from "d2lzh/check";

export const exercise: Exercise = {
  id: "6.1.2",
  section: "6.1",
  title: "语言模型的应用",
  question: "你还能想到哪些语言模型的应用？",
  written: { points: 2 },
};
