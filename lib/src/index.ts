/**
 * d2lzh: the library of the chapter 6 workbook. `import * as d2l from "d2lzh";`
 *
 * Layout convention, stated once: a sequence batch is time-major, a list of T tensors of shape
 * [B, V] (as the book's `to_onehot` gives); B batch, T time steps, V vocabulary, D inputs,
 * H hidden units, L layers.
 */
export { backend, parseBackendName } from "./backend/backend";
export type { BackendInfo, BackendName, BackendOptions } from "./backend/backend";
export { PINNED_TFJS_VERSION, pinnedVersionProblem, registerWasmKernels, tfjsVersions, withStockWasmKernels } from "./backend/kernels";
export type { WasmKernelReport } from "./backend/kernels";
export {
  MAX_WASM_THREADS,
  bundlePrelude,
  busyCoresElsewhere,
  checkWasmThreads,
  cpuTimes,
  defaultWasmThreads,
  prepareWasmThreads,
  threadsForFreeCores,
  threadsUnavailable,
  wasmThreadsInUse,
} from "./backend/kernels/wasm-threads";
export { Rng, seed } from "./core/random";
export { buildVocab, decode, encode, tokenizeChars, tokenizeWords } from "./data/vocab";
export type { Vocab, VocabOptions } from "./data/vocab";
export { dataDirs, datasetBytes, datasetManifest, datasetText, verifyBytes, workbookRoot } from "./data/datasets";
export type { DatasetEntry, DatasetOptions } from "./data/datasets";
export { charCorpus, loadDataJayLyrics, loadDataTinyLyrics } from "./data/lyrics";
export type { CharCorpus, CorpusOptions } from "./data/lyrics";
export { countNgrams, ngramStats, zipfTable } from "./data/ngram";
export type { NgramStats, Tokens, ZipfOptions, ZipfRow } from "./data/ngram";
export { conditionalProb, ngramModel, ngramPerplexity, nextTokenProbs, sequenceLogProb, sequenceProb } from "./data/ngram-model";
export type { NgramModel, NgramModelOptions } from "./data/ngram-model";
export { dataIterConsecutive, dataIterConsecutiveArrays, dataIterRandom, dataIterRandomArrays } from "./data/samplers";
export type { ArrayBatch } from "./data/samplers";
export { dataIterRandomOffset, dataIterRandomOffsetArrays } from "./data/offset-sampler";
export { sentenceBatches, splitSentences } from "./data/sentence-batches";
export type { SentenceBatch, SentenceBatches, SentenceBatchOptions } from "./data/sentence-batches";
export { embedSequence, toOnehot } from "./data/onehot";
export { displayBundle, inNotebook, liveLine } from "./show/display";
export type { LiveLine, MimeBundle } from "./show/display";
export {
  barChart,
  ensurePlotlyAsset,
  figureHtml,
  heatmap,
  integerTicks,
  lineChart,
  plotlyAssetName,
  plotlyBundle,
  show,
  writeHtml,
} from "./show/plot";
export type { AxesOptions, Figure, HeatmapOptions, PlotlyJson, Series } from "./show/plot";
export { diagramSvg, labelSvg, labelWidth } from "./show/diagram";
export type { Diagram, DiagramEdge, DiagramFrame, DiagramNode, DiagramText, NodeKind } from "./show/diagram";
export { samplerLayoutSvg, samplerLayoutText, showSamplerLayout } from "./show/sampler-layout";
export type { SamplerLayoutOptions } from "./show/sampler-layout";
export { displayWidth, formatTable, formatValue, showTable, tableHtml } from "./show/table";
export type { TableOptions, TableRow, TableValue } from "./show/table";
export { quickMode, quickOr } from "./core/quick";
export {
  affine,
  checkShape,
  countParams,
  normalWeight,
  oneHotFloat,
  tensorsOf,
  toVariables,
  uniformWeight,
  zeroBias,
} from "./cells/params";
export type { ParamRecord, StepInput } from "./cells/params";
export { activate, initRnnParams, initRnnState, rnnStep } from "./cells/rnn";
export type { Activation, RnnParams, RnnState, RnnStepOptions } from "./cells/rnn";
export { gruGates, gruStep, initGruParams, initGruState } from "./cells/gru";
export type { GruGates, GruParams, GruState } from "./cells/gru";
export { initLstmParams, initLstmState, lstmGates, lstmStep } from "./cells/lstm";
export type { LstmGates, LstmParams, LstmState } from "./cells/lstm";
export { traceGates } from "./cells/gate-trace";
export type { GateRecord, GateTrace, GateTraceOptions } from "./cells/gate-trace";
export { scan } from "./cells/scan";
export type { HiddenState, SequenceFn, SequenceResult, Step } from "./cells/scan";
export { cellKit } from "./cells/cell-kit";
export type { CellName } from "./cells/cell-kit";
export { deep, initDeepParams, initDeepState } from "./cells/deep";
export type { DeepSizes } from "./cells/deep";
export { bidirectional, initBidirectionalParams, initBidirectionalState, initDeepBidirectionalParams } from "./cells/bidirectional";
export type { BidirectionalParams, BidirectionalSizes, BidirectionalState } from "./cells/bidirectional";
export { initOutputParams, outputLayer } from "./model/output";
export type { OutputParams } from "./model/output";
export { perplexity, softmaxCrossEntropy } from "./train/loss";
export { clippingScale, globalNorm, gradClipping } from "./train/clipping";
export type { Grads } from "./train/clipping";
export { sgd } from "./train/sgd";
export { gatherHasGradient, scratchModel, timeMajorInputs } from "./model/model";
export type { Engine, InputMode, LanguageModel, ScratchModel, ScratchModelOptions, ScratchParams } from "./model/model";
export { fusedLayer, fusedSequence } from "./model/fast-cells";
export type { FusedLayer, SequenceInput } from "./model/fast-cells";
export { GATED_DEFAULTS, RNN_DEFAULTS, defaultsFor, trainConfig } from "./train/config";
export type { Sampling, TrainConfig } from "./train/config";
export { predictRnn } from "./train/predict";
export type { PredictOptions } from "./train/predict";
export { trainAndPredictRnn } from "./train/train";
export type { EpochRecord, Sample, StopReason, TrainCorpus, TrainOptions, TrainResult } from "./train/train";
export { formatDuration, progressText, trainingProgress, trainWithProgress } from "./show/progress";
export type { ProgressOptions, TrainingProgress } from "./show/progress";
export { conciseModel, kerasWeights, loadScratchParams } from "./model/concise";
export type { ConciseInit, ConciseLayer, ConciseModel, ConciseModelOptions } from "./model/concise";
export { FusedRecurrent, fusedRecurrent } from "./model/fused-recurrent";
export type { FusedRecurrentArgs } from "./model/fused-recurrent";
export { gradNorms, hiddenStateGrads, linearRnnHiddenStateGrads, linearRnnStep } from "./train/bptt";
export type { BpttOptions } from "./train/bptt";
