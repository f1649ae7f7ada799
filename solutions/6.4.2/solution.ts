import * as tf from "@tensorflow/tfjs";
import * as d2l from "d2lzh";

// 练习 6.4.2
/**
 * 梯度裁剪：把所有梯度的元素拼成一个向量 g，返回 min(θ/‖g‖, 1)·g 与裁剪前的范数 ‖g‖。
 * ‖g‖ ≤ θ 时原样返回这些张量；否则返回新的张量。不修改、也不释放传入的梯度。
 */
function gradClipping(grads: tf.Tensor[], theta: number): { grads: tf.Tensor[]; norm: number } {
  // BEGIN SOLUTION 先求全局范数 ‖g‖ = sqrt(所有梯度所有元素的平方和)，再决定要不要按 θ/‖g‖ 缩放
  if (grads.length === 0) return { grads, norm: 0 };
  const sumOfSquares = tf.tidy(() => tf.addN(grads.map((g) => tf.sum(tf.square(g)))));
  const norm = Math.sqrt(sumOfSquares.dataSync()[0]);
  sumOfSquares.dispose();
  if (norm <= theta) return { grads, norm };
  const scale = theta / norm;
  return { grads: grads.map((g) => tf.mul(g, scale)), norm };
  // END SOLUTION
}
