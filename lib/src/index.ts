/**
 * d2lzh: the library of the chapter 6 workbook. `import * as d2l from "d2lzh";`
 *
 * Layout convention, stated once: a sequence batch is time-major, a list of T tensors of shape
 * [B, V] (as the book's `to_onehot` gives); B batch, T time steps, V vocabulary, D inputs,
 * H hidden units, L layers.
 */
export { backend, parseBackendName } from "./backend";
export type { BackendInfo, BackendName, BackendOptions } from "./backend";
export { PINNED_TFJS_VERSION, pinnedVersionProblem, registerWasmKernels, tfjsVersions, withStockWasmKernels } from "./kernels";
export type { WasmKernelReport } from "./kernels";
export { MAX_WASM_THREADS, bundlePrelude, checkWasmThreads, defaultWasmThreads, prepareWasmThreads, threadsUnavailable, wasmThreadsInUse } from "./kernels/wasm-threads";
export { Rng, seed } from "./random";
export { buildVocab, decode, encode, tokenizeChars, tokenizeWords } from "./vocab";
export type { Vocab, VocabOptions } from "./vocab";
export { dataDirs, datasetBytes, datasetManifest, datasetText, verifyBytes, workbookRoot } from "./datasets";
export type { DatasetEntry, DatasetOptions } from "./datasets";
export { charCorpus, loadDataJayLyrics, loadDataTinyLyrics } from "./lyrics";
export type { CharCorpus, CorpusOptions } from "./lyrics";
export { countNgrams, ngramStats, zipfTable } from "./ngram";
export type { NgramStats, Tokens, ZipfOptions, ZipfRow } from "./ngram";
export { conditionalProb, ngramModel, ngramPerplexity, nextTokenProbs, sequenceLogProb, sequenceProb } from "./ngram-model";
export type { NgramModel, NgramModelOptions } from "./ngram-model";
export { dataIterConsecutive, dataIterConsecutiveArrays, dataIterRandom, dataIterRandomArrays } from "./samplers";
export type { ArrayBatch } from "./samplers";
export { dataIterRandomOffset, dataIterRandomOffsetArrays } from "./offset-sampler";
export { sentenceBatches, splitSentences } from "./sentence-batches";
export type { SentenceBatch, SentenceBatches, SentenceBatchOptions } from "./sentence-batches";
export { embedSequence, toOnehot } from "./onehot";
export { displayBundle, inNotebook, liveLine } from "./display";
export type { LiveLine, MimeBundle } from "./display";
export { barChart, figureHtml, heatmap, lineChart, plotlyBundle, show, writeHtml } from "./plot";
export type { AxesOptions, Figure, HeatmapOptions, PlotlyJson, Series } from "./plot";
export { displayWidth, formatTable, formatValue, showTable, tableHtml } from "./table";
export type { TableOptions, TableRow, TableValue } from "./table";
export { quickMode, quickOr } from "./quick";
export { affine, checkShape, countParams, normalWeight, oneHotFloat, tensorsOf, toVariables, uniformWeight, zeroBias } from "./params";
export type { ParamRecord, StepInput } from "./params";
export { activate, initRnnParams, initRnnState, rnnStep } from "./rnn";
export type { Activation, RnnParams, RnnState, RnnStepOptions } from "./rnn";
export { gruGates, gruStep, initGruParams, initGruState } from "./gru";
export type { GruGates, GruParams, GruState } from "./gru";
export { initLstmParams, initLstmState, lstmGates, lstmStep } from "./lstm";
export type { LstmGates, LstmParams, LstmState } from "./lstm";
export { traceGates } from "./gate-trace";
export type { GateRecord, GateTrace, GateTraceOptions } from "./gate-trace";
export { scan } from "./scan";
export type { HiddenState, SequenceFn, SequenceResult, Step } from "./scan";
export { deep, initDeepParams, initDeepState } from "./deep";
export type { DeepSizes } from "./deep";
export { bidirectional, initBidirectionalParams, initBidirectionalState, initDeepBidirectionalParams } from "./bidirectional";
export type { BidirectionalParams, BidirectionalSizes, BidirectionalState } from "./bidirectional";
export { initOutputParams, outputLayer } from "./output";
export type { OutputParams } from "./output";
export { perplexity, softmaxCrossEntropy } from "./loss";
export { globalNorm, gradClipping } from "./clipping";
export type { Grads } from "./clipping";
export { sgd } from "./sgd";
export { cellKit, gatherHasGradient, scratchModel, timeMajorInputs } from "./model";
export type { CellName, Engine, InputMode, LanguageModel, ScratchModel, ScratchModelOptions, ScratchParams } from "./model";
export { fusedLayer, fusedSequence } from "./fast-cells";
export type { FusedLayer, SequenceInput } from "./fast-cells";
export { GATED_DEFAULTS, RNN_DEFAULTS, defaultsFor, trainConfig } from "./config";
export type { Sampling, TrainConfig } from "./config";
export { predictRnn } from "./predict";
export type { PredictOptions } from "./predict";
export { trainAndPredictRnn } from "./train";
export type { EpochRecord, Sample, StopReason, TrainCorpus, TrainOptions, TrainResult } from "./train";
export { formatDuration, progressText, trainingProgress, trainWithProgress } from "./progress";
export type { ProgressOptions, TrainingProgress } from "./progress";
export { conciseModel, kerasWeights, loadScratchParams } from "./concise";
export type { ConciseInit, ConciseModel, ConciseModelOptions } from "./concise";
export { gradNorms, hiddenStateGrads, linearRnnHiddenStateGrads, linearRnnStep } from "./bptt";
export type { BpttOptions } from "./bptt";
