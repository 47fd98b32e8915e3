/**
 * Probabilistic record linkage of person records (Fellegi-Sunter). Pure: no database.
 * See linker.ts for the whole pipeline, and the files it imports for each step.
 */
export type { PersonRecord, PersonField } from './record.ts';
export { PERSON_FIELDS } from './record.ts';
export {
  isValidNhsNumber,
  nhsCheckDigit,
  normaliseNhsNumber,
  isValidPncId,
  normalisePncId,
  pncCheckLetter,
} from './identifiers.ts';
export { jaroWinkler, editDistance } from './string-similarity.ts';
export { metaphone } from './phonetic.ts';
export { NICKNAME_GROUPS, areNicknames } from './nicknames.ts';
export { normaliseDob, nameTokens } from './normalise.ts';
export { parsePostcode, comparePostcodes, type Postcode, type PostcodeLevel } from './postcodes.ts';
export { compareDob, type DobLevel } from './dates.ts';
export { nameFeatures, compareFirstNames, compareSurnames, firstNamesConflict, type NameFeatures } from './names.ts';
export { prepareRecord, type PreparedRecord } from './prepare.ts';
export { ALL_COMPARISONS, selectComparisons, type Comparison } from './comparisons.ts';
export {
  BLOCK_ON,
  DEFAULT_BLOCKING_RULES,
  DEFAULT_TRAINING_RULES,
  forEachCandidatePair,
  type BlockingRule,
} from './blocking.ts';
export { estimateU, estimateM, estimateLambda, termFrequencies } from './estimate.ts';
export { computeWeights, scorePair, weightToProbability, type MatchModel, type PairScore } from './model.ts';
export { explainPair, type PairExplanation } from './explain.ts';
export { DEFAULT_THRESHOLDS, decide, type Decision, type Thresholds } from './thresholds.ts';
export { UnionFind, clusterPairs } from './cluster.ts';
export { evaluateClusters, evaluatePairs, type Metrics } from './evaluate.ts';
export {
  trainModel,
  linkRecords,
  type LinkOptions,
  type LinkResult,
  type ScoredPair,
  type TrainedModel,
} from './linker.ts';
export { modelParameters, modelFromParameters, describeParameters, type ModelParameters } from './parameters.ts';
