// The check cell's printed report (solutions/check.ts formatReport): what a student reads.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { formatReport } from "d2lzh-exercises";

const report = (outcomes: { name: string; status: "passed" | "failed" | "error"; message?: string; hint?: string }[]) => ({
  id: "9.9.9",
  title: "示例",
  problems: [],
  outcomes: outcomes.map((o) => ({ points: 1, ...o })),
  passed: outcomes.filter((o) => o.status === "passed").length,
  total: outcomes.length,
  points: 0,
  maxPoints: outcomes.length,
});

test("an untouched stub's 尚未完成 line is printed once, not under every case", () => {
  const stub = "练习 9.9.9：尚未完成（删掉这一行，写出你的代码）";
  const text = formatReport(
    report([
      { name: "第一种情形", status: "error", message: stub },
      { name: "第二种情形", status: "error", message: stub },
      { name: "第三种情形", status: "error", message: stub },
    ]),
  );
  assert.is(text.split(stub).length - 1, 1, text);
  for (const name of ["第一种情形", "第二种情形", "第三种情形"]) assert.match(text, `✗ ${name}`);
});

test("other failures keep their own message and hint under the case", () => {
  const text = formatReport(
    report([
      { name: "形状", status: "failed", message: "H 的形状不对", hint: "看第 2 维（axis 1）" },
      { name: "数值", status: "passed" },
    ]),
  );
  assert.match(text, /✗ 形状\n {6}H 的形状不对\n {6}提示：看第 2 维（axis 1）/);
  assert.match(text, "✓ 数值");
  assert.match(text, "公开测试通过 1/2");
});

test.run();
