/** The feedback files: an untouched stub's 尚未完成 line is stated once per exercise, not under every case. */
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { GradedCase } from "../harness/evaluate";
import { unfinishedMessage } from "../reports";

const TODO = "练习 6.4.2：尚未完成（删掉这一行，写出你的代码）";
const failed = (name: string, message: string): GradedCase => ({ name, points: 1, visibility: "public", status: "error", message });

test("every failed case of an untouched stub sharing its 尚未完成 line gives that line once", () => {
  assert.is(unfinishedMessage([failed("a", TODO), failed("b", TODO), failed("c", TODO)]), TODO);
});

test("different failures, one failure, or a shared message that is not 尚未完成 are reported case by case", () => {
  assert.is(unfinishedMessage([failed("a", TODO), failed("b", "norm 的数值不对")]), undefined);
  assert.is(unfinishedMessage([failed("a", TODO)]), undefined);
  assert.is(unfinishedMessage([failed("a", "超时"), failed("b", "超时")]), undefined);
  const passed: GradedCase = { name: "p", points: 1, visibility: "public", status: "passed" };
  assert.is(unfinishedMessage([passed, failed("a", TODO), failed("b", TODO)]), TODO, "passed cases do not count");
});

test.run();
