/** The README of the student release (`npm run release`): the students' own, not the instructor's. */
export const STUDENT_README = `# Chapter 6 workbook: recurrent neural networks (student edition)

Your workbook for chapter 6 of *Dive into Deep Learning* (《动手学深度学习》, first edition): one
notebook per section (6.1 … 6.10) on the tslab TypeScript kernel, with demos to run and exercises
to solve.

## Start

On a machine with Node.js 20+ and npm (and, for the notebooks, Jupyter):

\`\`\`bash
npm ci && npm start     # install, then open notebooks/ in Jupyter
npm test                # the workbook's own tests; the last line reads "N passed, N failed"
\`\`\`

Without internet, the lyrics corpus must be there before the first lyrics cell: put
\`jaychou_lyrics.txt.zip\` (from your course page) into \`data/cache/\`, or point \`D2L_DATA_DIR\`
at the folder that holds it. Jupyter: \`pip install jupyterlab\`, or on Debian/Ubuntu
\`apt-get install jupyter-notebook jupyter-nbconvert python3-nbclient\`.

## Work on the exercises

- The notebooks in \`notebooks/\` are yours: write your answers into them and save. No command of
  this workbook rewrites them.
- An exercise is a code cell that starts with \`// 练习 6.x.y\` (replace the \`TODO\` and the
  \`throw\` line with your code), followed by a check cell: run the code cell, then the check cell,
  and read the feedback. The check runs the public tests only; after you submit, hidden tests
  grade more cases.
- A written exercise is a Markdown cell that starts with \`**练习 6.x.y（书面）**\`: write your answer
  after \`答：\`.
- Grade your own notebooks with the public tests, as the course's automatic grading does:
  \`npm run grade -- . --single --public-only --out ../my-grading\` (the report is in
  \`../my-grading/students/*/feedback.md\`).

## Submit

- **GitHub Classroom**: commit your notebooks and push. The workflow in
  \`.github/workflows/classroom.yml\` grades the public tests on every push.
- **Gradescope**: upload the \`.ipynb\` files of \`notebooks/\`.

## 中文说明

这是《动手学深度学习》第一版第六章“循环神经网络”的学生版练习册。

- 开始：\`npm ci && npm start\` 安装依赖并在 Jupyter 中打开 \`notebooks/\`；\`npm test\` 运行练习册自带的测试。
  没有网络时，请先把 \`jaychou_lyrics.txt.zip\`（课程页面提供）放进 \`data/cache/\`，或用环境变量
  \`D2L_DATA_DIR\` 指向存放它的文件夹。
- 作答：\`notebooks/\` 里的笔记本归你所有，任何命令都不会改写它们。代码练习以 \`// 练习 6.x.y\`
  开头：删掉 \`TODO\` 和 \`throw\` 那一行，写出你的代码，运行它，再运行下面的检查单元格，看中文反馈。
  检查单元格只运行公开测试，提交后还有隐藏测试。书面练习写在 \`答：\` 后面。
- 自测评分：\`npm run grade -- . --single --public-only --out ../my-grading\`。
- 提交：GitHub Classroom 提交并推送笔记本即可；Gradescope 上传 \`notebooks/\` 里的 \`.ipynb\` 文件。
`;
