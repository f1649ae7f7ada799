// Shared by the public tests that expect a record back ({ grads, norm }, { H, O }, …): one message
// that says what was expected and what came back, whether that is a bare array, another value or an
// object without some of the fields.
import { assert } from "d2lzh/check";

/** The returned value as a record with every field of `fields`, or a failure naming expected vs got. */
export function expectRecord(value: unknown, what: string, fields: readonly string[]): Record<string, unknown> {
  const want = `{ ${fields.join(", ")} }`;
  assert.ok(value !== null && typeof value === "object", `${what} 应返回对象 ${want}，实际得到 ${assert.describe(value)}`);
  assert.ok(
    !Array.isArray(value),
    `${what} 应返回对象 ${want}，实际返回了一个数组（${assert.describe(value)}）`,
    `把结果放进对象里返回：return ${want};`,
  );
  const record = value as Record<string, unknown>;
  const missing = fields.filter((f) => record[f] === undefined);
  const has = Object.keys(record);
  assert.ok(
    missing.length === 0,
    `${what} 应返回 ${want}，实际返回的对象${has.length === 0 ? "是空的 {}" : `只有 { ${has.join(", ")} }`}，缺少 ${missing.join("、")}`,
  );
  return record;
}
