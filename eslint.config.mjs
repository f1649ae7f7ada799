// The lint rules of this workbook, taken from ../shared/STYLE.md where a rule can check them:
// no `any`, exhaustive switches over closed unions, no Math.random in the library or the exercises
// (randomness is injected and seeded), no imports of our own build output, no unused names.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "**/plotly-*.min.js",
      "workspace/**",
      ".jupyter-data/**",
      "**/.backup/**",
      "**/node_modules/**",
      "**/dist/**",
      "build/**",
      "reports/**",
      "**/*.d.ts",
      "solutions/*/wrong/**",
      "notebooks/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts", "**/*.mts"],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/switch-exhaustiveness-check": ["error", { considerDefaultExhaustiveForUnions: true }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      // A lazy require() is how optional or late modules load here (tslab's display, tfjs-node, the
      // notebook builder); control characters in patterns are what the feedback sanitiser strips;
      // the figures' captions use the CJK full-width space.
      "@typescript-eslint/no-require-imports": "off",
      "no-control-regex": "off",
      "no-irregular-whitespace": ["error", { skipStrings: true, skipTemplates: true, skipComments: true, skipRegExps: true }],
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^(d2lzh|d2lzh-exercises)/dist(/|$)",
              message: "import the package entry (d2lzh, d2lzh/check, d2lzh-exercises), not its build output",
            },
          ],
        },
      ],
    },
  },
  {
    // A solution is a notebook cell: it imports what every notebook imports and defines names that
    // the check cell uses, so unused names are the norm there.
    files: ["solutions/*/solution.ts"],
    rules: { "@typescript-eslint/no-unused-vars": "off" },
  },
  {
    files: ["lib/src/**/*.ts", "solutions/**/*.ts"],
    rules: {
      "no-restricted-properties": [
        "error",
        { object: "Math", property: "random", message: "take a seeded generator (d2l.seed) instead: every random choice is reproducible" },
      ],
    },
  },
);
