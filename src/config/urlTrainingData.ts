// The training data experiments in the hash: tf (training set fraction), imb (class imbalance), aug (augmentation).
//
// Absent keys mean DEFAULT_TRAINING_DATA. tf is the fraction of the training split used; imb is the classes kept
// short (dot-separated, may be empty) "~" the fraction of their images kept [~w: class weights on], e.g. 4.9~0.1~w;
// aug lists the non-zero augmentations: s<max shift px>, r<max rotation °>, z<max zoom>, e.g. s2,r10,z0.1.
// Data equal to the default has no data field once decoded (one canonical form).

import { quote, readNumber } from "./layerNotation.ts";
import {
  ClassImbalance,
  DEFAULT_TRAINING_DATA,
  TrainingData,
  isDefaultTrainingData,
  type Augmentation,
} from "./schema.ts";
import { expected, readField, readPart, show, writePart, type PartItem } from "./urlParts.ts";

/** The hash keys this codec writes and reads. */
export const TRAINING_DATA_KEYS = ["tf", "imb", "aug"] as const;

const AUGMENT_ITEMS: PartItem[] = [
  { field: "shift", label: "shift", prefix: "s" },
  { field: "rotate", label: "rotation", prefix: "r" },
  { field: "zoom", label: "zoom", prefix: "z" },
];

/** Separates the parts of imb (classes, fraction, flag); "~" stays unescaped in a hash. */
const IMBALANCE_SEPARATOR = "~";
const CLASS_SEPARATOR = ".";
const CLASS_WEIGHTS_FLAG = "w";

/** The imbalance part as "4.9~0.1~w"; null when it equals the default. */
function writeImbalance(imbalance: ClassImbalance): string | null {
  const d = DEFAULT_TRAINING_DATA.imbalance;
  if (
    imbalance.classes.length === 0 &&
    Object.is(imbalance.fraction, d.fraction) &&
    imbalance.classWeights === d.classWeights
  )
    return null;
  const parts = [imbalance.classes.join(CLASS_SEPARATOR), show(imbalance.fraction)];
  if (imbalance.classWeights) parts.push(CLASS_WEIGHTS_FLAG);
  return parts.join(IMBALANCE_SEPARATOR);
}

/** The imbalance part from "4.9~0.1~w"; a bad class is dropped, a bad fraction or flag falls back, each with a message. */
function readImbalance(raw: string | undefined, errors: string[]): ClassImbalance {
  const d = DEFAULT_TRAINING_DATA.imbalance;
  if (raw === undefined) return structuredClone(d);
  const [classText = "", fractionText = "", flag = "", ...extra] = raw.split(IMBALANCE_SEPARATOR);
  const classSchema = ClassImbalance.shape.classes.element;
  const classes: number[] = [];
  for (const token of classText.split(CLASS_SEPARATOR).filter((t) => t !== "")) {
    const parsed = classSchema.safeParse(readNumber(token));
    if (!parsed.success)
      errors.push(`Class imbalance class ${quote(token)} is not ${expected(classSchema)}; it was ignored.`);
    else if (!classes.includes(parsed.data)) classes.push(Math.abs(parsed.data)); // "-0" is class 0, written "0"
  }
  const fraction =
    fractionText === ""
      ? d.fraction
      : (readField(
          ClassImbalance.shape.fraction,
          fractionText,
          "Class imbalance keep fraction",
          d.fraction,
          errors,
        ) as number);
  if (flag !== "" && flag !== CLASS_WEIGHTS_FLAG)
    errors.push(`Class imbalance flag ${quote(flag)} is not "${CLASS_WEIGHTS_FLAG}" (class weights); it was ignored.`);
  if (extra.length > 0)
    errors.push(`Class imbalance ${quote(raw)} has more than 3 parts (classes~fraction~w); the rest was ignored.`);
  return { classes, fraction, classWeights: flag === CLASS_WEIGHTS_FLAG };
}

/** The training data keys (tf, imb, aug) that differ from DEFAULT_TRAINING_DATA. */
export function writeTrainingData(data: TrainingData | undefined): [string, string][] {
  if (!data) return [];
  const pairs: [string, string][] = [];
  if (!Object.is(data.trainFraction, DEFAULT_TRAINING_DATA.trainFraction)) pairs.push(["tf", show(data.trainFraction)]);
  const imbalance = writeImbalance(data.imbalance);
  if (imbalance !== null) pairs.push(["imb", imbalance]);
  const augment = writePart(AUGMENT_ITEMS, data.augment, DEFAULT_TRAINING_DATA.augment);
  if (augment !== null) pairs.push(["aug", augment]);
  return pairs;
}

/** The training data from tf, imb and aug; undefined when none is given or all equal the default. */
export function readTrainingData(params: ReadonlyMap<string, string>, errors: string[]): TrainingData | undefined {
  if (!params.has("tf") && !params.has("imb") && !params.has("aug")) return undefined;
  const d = DEFAULT_TRAINING_DATA;
  const data: TrainingData = {
    trainFraction: readField(
      TrainingData.shape.trainFraction,
      params.get("tf"),
      "Training set fraction",
      d.trainFraction,
      errors,
    ) as number,
    imbalance: readImbalance(params.get("imb"), errors),
    augment: readPart(
      "Augmentation",
      TrainingData.shape.augment,
      AUGMENT_ITEMS,
      params.get("aug"),
      { ...d.augment },
      errors,
    ) as Augmentation,
  };
  return isDefaultTrainingData(data) ? undefined : data;
}
