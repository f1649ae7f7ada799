// Hidden tests of exercise 6.7.1: other (T, t′), including t′ = 1 and t′ = T.
import { defineTests } from "d2lzh/check";
import type { Impl } from "./exercise";
import { callGates, checkDependence } from "./public";

export default defineTests<Impl>("6.7.1", "hidden", (test) => {
  test("t′ 是第一个时间步（T = 5、t′ = 1）", 1, ({ gateValues }) => {
    checkDependence(callGates(gateValues, 5, 1), 5, 1, 6711);
  });
  test("t′ 就是最后一个时间步（T = 3、t′ = 3）", 1, ({ gateValues }) => {
    checkDependence(callGates(gateValues, 3, 3), 3, 3, 6712);
  });
  test("更长的序列（T = 8、t′ = 5）", 1, ({ gateValues }) => {
    checkDependence(callGates(gateValues, 8, 5), 8, 5, 6713);
  });
});
