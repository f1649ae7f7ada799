/**
 * The exercise catalogue of chapter 6: every exercise of the chapter, with its id, points, the
 * notebook it lives in, its auto-graded code part (the names the code cell must define) and its
 * written part. Shared by the notebooks' check cells, the autograder and the release.
 *
 * Ids: `6.4.2` is the second exercise at the end of section 6.4; `6.7.0` is the task inside the text
 * of section 6.7 (the core the section teaches and students write themselves, such as the GRU step).
 */

export interface CodePart {
  /** Names the code cell must define (and the check cell passes): `check("6.4.2", { gradClipping })`. */
  readonly names: readonly string[];
  /** The TypeScript signature of each name, as shown to students. */
  readonly signatures: readonly string[];
  /** Points of the auto-graded part: the sum of its test cases (public and hidden). */
  readonly points: number;
  /**
   * d2lzh functions a graded cell may not call (the grader hides them from `d2l`): the exercise
   * asks the student to write them.
   */
  readonly forbid?: readonly string[];
}

export interface WrittenPart {
  /** Points of the written answer, graded by hand. */
  readonly points: number;
}

export interface Exercise {
  /** `6.4.2` (end-of-section exercise) or `6.7.0` (the task in the text of section 6.7). */
  readonly id: string;
  /** Section, e.g. `6.4`; the exercise's cells live in the notebook `06.4-*.ipynb`. */
  readonly section: string;
  /** Short Chinese title. */
  readonly title: string;
  /** The exercise as stated to students (Chinese, our own words). */
  readonly question: string;
  /** What the code cell must do (Chinese), when there is an auto-graded part. */
  readonly task?: string;
  readonly code?: CodePart;
  readonly written?: WrittenPart;
}

/** Every exercise of the chapter, in notebook order. */
export const catalogue: readonly Exercise[] = [
  {
    id: "6.1.0",
    section: "6.1",
    title: "n 元语法的条件概率",
    question: "按书中的定义用词频计算条件概率，并据此计算一个序列在 n 元语法下的概率。",
    task: "conditionalProb 计算 P(word | context) = n(context, word) / n(context)（context 为空时为 n(word) / N）；sequenceProb 按 n 元语法（n − 1 阶马尔可夫链）计算序列的概率，开头不足 n − 1 个词时用已有的词作条件。",
    code: {
      names: ["conditionalProb", "sequenceProb"],
      signatures: [
        "conditionalProb(tokens: readonly string[], context: readonly string[], word: string): number",
        "sequenceProb(tokens: readonly string[], sequence: readonly string[], n: number): number",
      ],
      points: 7,
      forbid: ["conditionalProb", "sequenceProb", "sequenceLogProb", "ngramModel", "nextTokenProbs"],
    },
  },
  {
    id: "6.1.1",
    section: "6.1",
    title: "四元语法要存储多少个频率",
    question: "假设训练数据集中有 10 万个词，四元语法需要存储多少词频和多词相邻频率？",
    task: "ngramStorage 对 1 到 maxN 元语法分别给出不同 n 元组的个数（模型要存的频率个数）和出现位置数 N − n + 1；storageBound 给出 N 个词、词表大小 V 时 n 元组个数的上界。",
    code: {
      names: ["ngramStorage", "storageBound"],
      signatures: [
        "ngramStorage(tokens: readonly string[], maxN: number): { n: number; distinct: number; positions: number }[]",
        "storageBound(numTokens: number, vocabSize: number, n: number): number",
      ],
      points: 6,
      forbid: ["countNgrams", "ngramStats"],
    },
    written: { points: 3 },
  },
  {
    id: "6.1.2",
    section: "6.1",
    title: "语言模型的应用",
    question: "你还能想到哪些语言模型的应用？",
    written: { points: 2 },
  },
  {
    id: "6.2.1",
    section: "6.2",
    title: "输出个数",
    question: "如果用循环神经网络预测文本序列的下一个词（字符），输出个数应该设为多少？",
    task: "getParams 按书中的方式初始化 {W_xh, W_hh, b_h, W_hq, b_q}；rnnStepWithOutput 计算一个时间步的 H_t 与 O_t（O_t 每个词表项一列）。",
    code: {
      names: ["getParams", "rnnStepWithOutput"],
      signatures: [
        "getParams(vocabSize: number, numHiddens: number, rng: d2l.Rng): { W_xh: tf.Tensor2D; W_hh: tf.Tensor2D; b_h: tf.Tensor1D; W_hq: tf.Tensor2D; b_q: tf.Tensor1D }",
        "rnnStepWithOutput(params, state: { H: tf.Tensor2D }, X: tf.Tensor2D): { H: tf.Tensor2D; O: tf.Tensor2D }",
      ],
      points: 6,
    },
    written: { points: 2 },
  },
  {
    id: "6.2.2",
    section: "6.2",
    title: "输出依赖所有过去的输入",
    question: "为什么循环神经网络可以表达某时间步的词基于文本序列中所有过去的词的条件概率？",
    task: "outputGradWrtFirstInput 求最后一个时间步的输出之和对第一个时间步输入 X_1 的梯度（用数值说明 O_T 依赖 X_1）。",
    code: {
      names: ["outputGradWrtFirstInput"],
      signatures: [
        "outputGradWrtFirstInput(params: { W_xh; W_hh; b_h; W_hq; b_q }, inputs: tf.Tensor2D[], H0: tf.Tensor2D): tf.Tensor2D",
      ],
      points: 5,
    },
    written: { points: 2 },
  },
  {
    id: "6.3.0",
    section: "6.3",
    title: "随机采样与相邻采样",
    question: "实现书中的两种采样：随机采样 data_iter_random 与相邻采样 data_iter_consecutive。",
    task: "dataIterRandom 每个 epoch 把语料切成从 0, T, 2T, … 开始的样本，按种子打乱后每批取 B 个；dataIterConsecutive 把语料均分成 B 行，第 i 个批量取每行的第 iT 到 iT + T − 1 列。两者都产生 [X, Y]（形状 [B, T]，Y 是 X 在语料中后移一位）。",
    code: {
      names: ["dataIterRandom", "dataIterConsecutive"],
      signatures: [
        "dataIterRandom(corpusIndices: readonly number[], batchSize: number, numSteps: number, rng: d2l.Rng): Iterable<[X, Y]>",
        "dataIterConsecutive(corpusIndices: readonly number[], batchSize: number, numSteps: number): Iterable<[X, Y]>",
      ],
      points: 8,
      forbid: ["dataIterRandom", "dataIterRandomArrays", "dataIterRandomOffset", "dataIterRandomOffsetArrays", "dataIterConsecutive", "dataIterConsecutiveArrays"],
    },
  },
  {
    id: "6.3.1",
    section: "6.3",
    title: "其他采样方法：随机偏移",
    question: "你还能想到哪些采样小批量时序数据的方法？",
    task: "dataIterRandomOffset：每个 epoch 先按种子在 [0, T − 1]（含两端）中取偏移 o，样本从 o, o + T, o + 2T, … 开始，其余同随机采样。",
    code: {
      names: ["dataIterRandomOffset"],
      signatures: ["dataIterRandomOffset(corpusIndices: readonly number[], batchSize: number, numSteps: number, rng: d2l.Rng): Iterable<[X, Y]>"],
      points: 5,
      forbid: ["dataIterRandom", "dataIterRandomArrays", "dataIterRandomOffset", "dataIterRandomOffsetArrays"],
    },
    written: { points: 2 },
  },
  {
    id: "6.3.2",
    section: "6.3",
    title: "以整句为样本",
    question: "如果我们希望一个序列样本是一个完整的句子，这会给小批量采样带来什么样的问题？",
    task: "sentenceBatches 把整句（k 个词给出 k − 1 个时间步）按顺序每 B 句组成一批，填充到 T 步，并给出有效长度；句子从不被拆开，超过 T + 1 个词的句子被跳过。",
    code: {
      names: ["sentenceBatches"],
      signatures: [
        "sentenceBatches(sentences: readonly (readonly number[])[], batchSize: number, numSteps: number, padIndex: number): { X: number[][]; Y: number[][]; validLens: number[] }[]",
      ],
      points: 6,
      forbid: ["sentenceBatches"],
    },
    written: { points: 3 },
  },
  {
    id: "6.4.1",
    section: "6.4",
    title: "调节超参数",
    question: "调调超参数，观察并分析对运行时间、困惑度以及创作歌词的结果造成的影响。",
    task: "rnnTuning 返回一组超参数（numHiddens ≤ 64、numEpochs ≤ 12、numSteps 2..20、batchSize 1..16、batchSize × numSteps ≥ 32）；在小语料 data/tiny_lyrics.txt（338 个字符）上用种子 0 从零训练 RNN，困惑度须降到 45 以下。",
    code: {
      names: ["rnnTuning"],
      signatures: ["rnnTuning(): { numHiddens: number; lr: number; theta: number; numSteps: number; batchSize: number; numEpochs: number }"],
      points: 4,
    },
    written: { points: 3 },
  },
  {
    id: "6.4.2",
    section: "6.4",
    title: "梯度裁剪",
    question: "不裁剪梯度，运行本节中的代码，结果会怎样？",
    task: "gradClipping 把所有梯度看成一个向量 g，按 min(θ/‖g‖, 1)·g 裁剪，返回裁剪后的梯度和裁剪前的范数 ‖g‖。",
    code: {
      names: ["gradClipping"],
      signatures: ["gradClipping(grads: tf.Tensor[], theta: number): { grads: tf.Tensor[]; norm: number }"],
      points: 7,
      forbid: ["gradClipping", "globalNorm"],
    },
    written: { points: 2 },
  },
  {
    id: "6.4.3",
    section: "6.4",
    title: "未充分训练的模型怎样写歌词",
    question: "把 predPeriod 设为 1，观察未充分训练的模型（困惑度高）是如何创作歌词的。你获得了什么启发？",
    task: "predictRnnGreedy 用给定的参数从前缀出发贪心地（每步取概率最大的字符）生成 numChars 个字符。",
    code: {
      names: ["predictRnnGreedy"],
      signatures: [
        "predictRnnGreedy(prefix: string, numChars: number, params: { W_xh; W_hh; b_h; W_hq; b_q }, charToIdx: Map<string, number>, idxToChar: readonly string[]): string",
      ],
      points: 4,
      forbid: ["predictRnn"],
    },
    written: { points: 2 },
  },
  {
    id: "6.4.4",
    section: "6.4",
    title: "不分离隐藏状态",
    question: "将相邻采样改为不从计算图分离隐藏状态，运行时间有没有变化？",
    task: "secondBatchGrad 在相邻采样的两个批量上前向计算：第二个批量从第一个批量最后的隐藏状态出发。返回第二个批量的损失 L（所有输出 O_t 的元素之和）对 W_xh 的梯度；detach 为 true 时先把隐藏状态从计算图分离。",
    code: {
      names: ["secondBatchGrad"],
      signatures: [
        "secondBatchGrad(params: { W_xh; W_hh; b_h; W_hq; b_q }, batch1: tf.Tensor2D[], batch2: tf.Tensor2D[], H0: tf.Tensor2D, detach: boolean): tf.Tensor2D",
      ],
      points: 4,
    },
    written: { points: 3 },
  },
  {
    id: "6.4.5",
    section: "6.4",
    title: "ReLU 激活",
    question: "将本节中使用的激活函数替换成 ReLU，重复本节的实验。",
    task: "rnnReluStep 计算 H_t = ReLU(X_t W_xh + H_{t−1} W_hh + b_h)。",
    code: {
      names: ["rnnReluStep"],
      signatures: ["rnnReluStep(params: { W_xh: tf.Tensor2D; W_hh: tf.Tensor2D; b_h: tf.Tensor1D }, state: { H: tf.Tensor2D }, X: tf.Tensor2D): { H: tf.Tensor2D }"],
      points: 5,
      forbid: ["rnnStep"],
    },
    written: { points: 2 },
  },
  {
    id: "6.5.1",
    section: "6.5",
    title: "简洁实现为什么更快",
    question: "与上一节的实现比较运行速度。如果差别明显，试着找找原因。",
    task: "conciseRnnModel 用 tf.layers 搭出「SimpleRNN + 全连接输出层」的模型；paramCount 给出它的参数个数。",
    code: {
      names: ["conciseRnnModel", "paramCount"],
      signatures: [
        "conciseRnnModel(vocabSize: number, numHiddens: number, numSteps: number): tf.LayersModel",
        "paramCount(vocabSize: number, numHiddens: number): number",
      ],
      points: 5,
    },
    written: { points: 3 },
  },
  {
    id: "6.6.1",
    section: "6.6",
    title: "应对梯度爆炸",
    question: "除了梯度裁剪，你还能想到别的什么方法应对循环神经网络中的梯度爆炸？",
    task: "hiddenGradsClosedForm 用书中的闭式求线性 RNN 的 ∂L/∂h_t（t = 1..T）；clipByValue 是另一种应对方法：把每个梯度元素截到 [−c, c]。",
    code: {
      names: ["hiddenGradsClosedForm", "clipByValue"],
      signatures: [
        "hiddenGradsClosedForm(W_hh: tf.Tensor2D, W_qh: tf.Tensor2D, dLdO: tf.Tensor1D[]): tf.Tensor1D[]",
        "clipByValue(grads: tf.Tensor[], c: number): tf.Tensor[]",
      ],
      points: 5,
    },
    written: { points: 3 },
  },
  {
    id: "6.7.0",
    section: "6.7",
    title: "门控循环单元的一步",
    question: "从零实现门控循环单元的一个时间步。",
    task: "gruStep 按书中公式计算重置门 R、更新门 Z、候选隐藏状态和新的 H，返回 {H}。",
    code: {
      names: ["gruStep"],
      signatures: ["gruStep(params: { W_xr; W_hr; b_r; W_xz; W_hz; b_z; W_xh; W_hh; b_h }, state: { H: tf.Tensor2D }, X: tf.Tensor2D): { H: tf.Tensor2D }"],
      points: 4,
      forbid: ["gruStep", "gruGates"],
    },
  },
  {
    id: "6.7.1",
    section: "6.7",
    title: "只用时间步 t′ 的输入",
    question: "假设时间步 t′ < t。如果只希望用时间步 t′ 的输入来预测时间步 t 的输出，每个时间步的重置门和更新门的理想的值是多少？",
    task: "gateValues 给出每个时间步 s = 1..T 的重置门 R_s 与更新门 Z_s（每步一个 [0, 1] 中的数），使 H_T 只依赖 X_{t′}。",
    code: {
      names: ["gateValues"],
      signatures: ["gateValues(T: number, tPrime: number): { R: number[]; Z: number[] }"],
      points: 5,
    },
    written: { points: 3 },
  },
  {
    id: "6.7.2",
    section: "6.7",
    title: "调节 GRU 的超参数",
    question: "调节超参数，观察并分析对运行时间、困惑度以及创作歌词的结果造成的影响。",
    task: "gruTuning 返回一组超参数（范围同练习 6.4.1）；在小语料上用种子 0 从零训练 GRU，困惑度须降到 10 以下。",
    code: {
      names: ["gruTuning"],
      signatures: ["gruTuning(): { numHiddens: number; lr: number; theta: number; numSteps: number; batchSize: number; numEpochs: number }"],
      points: 4,
    },
    written: { points: 2 },
  },
  {
    id: "6.7.3",
    section: "6.7",
    title: "GRU 与普通 RNN 的计算量",
    question: "在相同条件下，比较门控循环单元和不带门控的循环神经网络的运行时间。",
    task: "cellCost 给出一个时间步、批量大小 n 时 \"rnn\" 与 \"gru\" 单元的参数个数和乘法次数（矩阵乘法中的标量乘法加上按元素乘法，不含输出层和激活函数）。",
    code: {
      names: ["cellCost"],
      signatures: ['cellCost(kind: "rnn" | "gru", d: number, h: number, n: number): { params: number; mults: number }'],
      points: 4,
    },
    written: { points: 2 },
  },
  {
    id: "6.8.0",
    section: "6.8",
    title: "长短期记忆的一步",
    question: "从零实现长短期记忆的一个时间步。",
    task: "lstmStep 按书中公式计算输入门 I、遗忘门 F、输出门 O、候选记忆细胞，返回新的 {H, C}。",
    code: {
      names: ["lstmStep"],
      signatures: ["lstmStep(params: { W_xi; W_hi; b_i; W_xf; W_hf; b_f; W_xo; W_ho; b_o; W_xc; W_hc; b_c }, state: { H: tf.Tensor2D; C: tf.Tensor2D }, X: tf.Tensor2D): { H: tf.Tensor2D; C: tf.Tensor2D }"],
      points: 5,
      forbid: ["lstmStep", "lstmGates"],
    },
  },
  {
    id: "6.8.1",
    section: "6.8",
    title: "调节 LSTM 的超参数",
    question: "调节超参数，观察并分析对运行时间、困惑度以及创作歌词的结果造成的影响。",
    task: "lstmTuning 返回一组超参数（范围同练习 6.4.1）；在小语料上用种子 0 从零训练 LSTM，困惑度须降到 30 以下。",
    code: {
      names: ["lstmTuning"],
      signatures: ["lstmTuning(): { numHiddens: number; lr: number; theta: number; numSteps: number; batchSize: number; numEpochs: number }"],
      points: 4,
    },
    written: { points: 2 },
  },
  {
    id: "6.8.2",
    section: "6.8",
    title: "LSTM、GRU 与 RNN 的计算量",
    question: "在相同条件下，比较长短期记忆、门控循环单元和不带门控的循环神经网络的运行时间。",
    task: "cellCost 扩展到 \"lstm\"：给出一个时间步、批量大小 n 时三种单元的参数个数和乘法次数（计法同练习 6.7.3）。",
    code: {
      names: ["cellCost"],
      signatures: ['cellCost(kind: "rnn" | "gru" | "lstm", d: number, h: number, n: number): { params: number; mults: number }'],
      points: 5,
    },
    written: { points: 2 },
  },
  {
    id: "6.8.3",
    section: "6.8",
    title: "为什么还要再用一次 tanh",
    question: "既然候选记忆细胞已通过 tanh 确保值域在 −1 到 1 之间，为什么隐藏状态还需要再次使用 tanh 来确保输出值域在 −1 到 1 之间？",
    task: "gateSequence 给出若干时间步的门值（都在 (0, 1) 内）和候选记忆细胞（在 (−1, 1) 内），使从 C_0 = 0 出发的记忆细胞 C_T 超出 [−1, 1]。",
    code: {
      names: ["gateSequence"],
      signatures: ["gateSequence(): { I: number[]; F: number[]; O: number[]; C_tilde: number[] }"],
      points: 4,
    },
    written: { points: 3 },
  },
  {
    id: "6.9.1",
    section: "6.9",
    title: "两个隐藏层的循环神经网络",
    question: "将「循环神经网络的从零开始实现」一节中的模型改为含有 2 个隐藏层的循环神经网络。观察并分析实验现象。",
    task: "getDeepParams 初始化两层 RNN 与输出层的参数（第 1 层读 V 个输入，第 2 层读 H 个）；deepRnn 对时间步列表前向计算，返回每步的输出 O_t 和两层的最终状态。",
    code: {
      names: ["getDeepParams", "deepRnn"],
      signatures: [
        "getDeepParams(vocabSize: number, numHiddens: number, rng: d2l.Rng): { layers: { W_xh; W_hh; b_h }[]; W_hq: tf.Tensor2D; b_q: tf.Tensor1D }",
        "deepRnn(inputs: tf.Tensor2D[], state: { H: tf.Tensor2D }[], params): { outputs: tf.Tensor2D[]; state: { H: tf.Tensor2D }[] }",
      ],
      points: 6,
      forbid: ["deep", "initDeepParams", "initDeepState"],
    },
    written: { points: 3 },
  },
  {
    id: "6.10.1",
    section: "6.10",
    title: "两个方向的隐藏单元个数不同",
    question: "如果不同方向上使用不同的隐藏单元个数，H_t 的形状会发生怎样的改变？",
    task: "biRnn 用正向参数（h1 个隐藏单元）和反向参数（h2 个）计算双向 RNN，每个时间步输出 [正向 H_t, 反向 H_t]，形状 [B, h1 + h2]。",
    code: {
      names: ["biRnn"],
      signatures: [
        "biRnn(params: { forward: { W_xh; W_hh; b_h }; backward: { W_xh; W_hh; b_h } }, inputs: tf.Tensor2D[]): tf.Tensor2D[]",
      ],
      points: 5,
      forbid: ["bidirectional", "initBidirectionalParams", "initBidirectionalState", "initDeepBidirectionalParams"],
    },
    written: { points: 1 },
  },
  {
    id: "6.10.2",
    section: "6.10",
    title: "多层双向循环神经网络",
    question: "参考图 6.11 和图 6.12，设计含多个隐藏层的双向循环神经网络。",
    task: "deepBiRnn 把若干双向层叠起来：第 l + 1 层的输入是第 l 层两个方向拼接后的隐藏状态；layerInputSizes 给出每层的输入个数。",
    code: {
      names: ["layerInputSizes", "deepBiRnn"],
      signatures: [
        "layerInputSizes(numInputs: number, hiddens: readonly [number, number][]): number[]",
        "deepBiRnn(params: { forward: { W_xh; W_hh; b_h }; backward: { W_xh; W_hh; b_h } }[], inputs: tf.Tensor2D[]): tf.Tensor2D[]",
      ],
      points: 5,
      forbid: ["bidirectional", "deep", "initBidirectionalParams", "initDeepBidirectionalParams"],
    },
    written: { points: 2 },
  },
];

/** The exercise with this id, or undefined. */
export function findExercise(id: string): Exercise | undefined {
  return catalogue.find((e) => e.id === id);
}

/** Total points of an exercise (code and written). */
export function exercisePoints(e: Exercise): number {
  return (e.code?.points ?? 0) + (e.written?.points ?? 0);
}
