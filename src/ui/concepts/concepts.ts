import { LAYER_KINDS, type LayerKind } from "../../layers/registry.ts";
import { CONCEPT_TITLES, layerNote, type ConceptId } from "./conceptIds.ts";

export type { ConceptId } from "./conceptIds.ts";

/** One explained concept: a title, 1–3 plain sentences, a TeX formula and a legend of its symbols. */
export interface Concept {
  title: string;
  text: string;
  /** TeX for KaTeX in display mode; our own constants only. */
  formula: string;
  /** What the symbols stand for, in plain words. */
  where?: string;
}

const tex = String.raw;

/** Each layer kind's note, from its module; a kind without one (global average pooling) opens the one it points at. */
const LAYER_NOTES = Object.fromEntries(
  LAYER_KINDS.flatMap((kind) => {
    const note = layerNote(kind);
    return note ? [[kind, note]] : [];
  }),
);

/** The texts and formulas; pruning and quantization follow src/core/compress (pruning.ts, quantize.ts, variants.ts). */
const OTHER_CONCEPTS = {
  relu: {
    title: CONCEPT_TITLES.relu,
    text: "An activation bends every value a layer outputs; without it, stacked layers would collapse into a single linear map. ReLU keeps positive values and zeroes negative ones; leaky ReLU lets a little of the negatives through (α = 0.2 here), ELU curves smoothly below zero, tanh squashes into (−1, 1) and sigmoid into (0, 1). Linear leaves values unchanged.",
    formula: tex`\begin{aligned} \mathrm{ReLU}(x) &= \max(0,\, x) \\ \mathrm{LeakyReLU}(x) &= \max(\alpha x,\, x) \\ \mathrm{ELU}(x) &= \begin{cases} x & x > 0 \\ e^{x} - 1 & x \le 0 \end{cases} \\ \tanh(x) &= \frac{e^{x} - e^{-x}}{e^{x} + e^{-x}} \\ \sigma(x) &= \frac{1}{1 + e^{-x}} \end{aligned}`,
    where: "x: one value before the activation; α: the slope for negative values; σ: the sigmoid.",
  },

  softmax: {
    title: CONCEPT_TITLES.softmax,
    text: "The last dense layer gives one score z per class; softmax turns the scores into probabilities that are positive and add up to 1. The highest score gets the highest probability, and the predicted class is the most probable one.",
    formula: tex`p_k = \frac{e^{z_k}}{\sum_{j=1}^{K} e^{z_j}}, \qquad \hat{y} = \operatorname*{arg\,max}_k \; p_k`,
    where: "z: the scores (logits); K: the number of classes; p: the probabilities; ŷ: the predicted class.",
  },
  crossEntropy: {
    title: CONCEPT_TITLES.crossEntropy,
    text: "The loss measures how surprised the model is by the right answer: minus the log of the probability it gave the true class. A confident right answer costs almost 0 and a confident wrong one costs a lot. Training lowers the average over each batch, which is the loss curve here.",
    formula: tex`L = -\frac{1}{N} \sum_{n=1}^{N} \log p_{n,\, y_n} = -\frac{1}{N} \sum_{n=1}^{N} \sum_{k=1}^{K} t_{n,k} \log p_{n,k}`,
    where:
      "N: the examples in the batch; y: the true class; p: the softmax probabilities; t: the one-hot label (1 for the true class, else 0). With class weights on, each example's term is multiplied by its class's weight.",
  },
  l2: {
    title: CONCEPT_TITLES.l2,
    text: "Adds the sum of the squared weights, times a small λ, to the loss, so the optimizer also tries to keep the weights small. Smaller weights give smoother, simpler models that usually overfit less. It applies to the kernels of conv, separable conv and dense layers, not to the biases.",
    formula: tex`L_{\text{total}} = L + \lambda \sum_{i} w_i^2`,
    where: "L: the cross-entropy loss; λ: the penalty coefficient; w: the kernel weights.",
  },
  augmentation: {
    title: CONCEPT_TITLES.augmentation,
    text: "Every time a training image is used, it is shifted, rotated and zoomed by a small random amount, so the network sees a slightly different image each epoch. It learns that a shifted or tilted 7 is still a 7, which reduces overfitting. Validation and test images are never changed.",
    formula: tex`\begin{gathered} \mathbf{p}' = s\, R_\theta\, (\mathbf{p} - \mathbf{c}) + \mathbf{c} + \mathbf{d} \\ \theta \sim U[-\theta_{\max},\, \theta_{\max}], \quad s \sim U[1 - z,\, 1 + z], \quad \mathbf{d} \in \{-d_{\max}, \dots, d_{\max}\}^2 \end{gathered}`,
    where:
      "p: a pixel's position; c: the image centre; R_θ: a rotation by θ; s: the zoom; d: the shift in whole pixels; U: drawn uniformly at random.",
  },
  magnitudePruning: {
    title: CONCEPT_TITLES.magnitudePruning,
    text: "Sets the weights with the smallest absolute values to exactly zero, on the idea that they matter least. The sparsity s is the fraction removed, with one threshold per layer or one global threshold for the whole model. The zeros make the file compress much better, but tfjs has no sparse kernels, so the model does not run faster.",
    formula: tex`w_i' = m_i\, w_i, \qquad m_i = \begin{cases} 1 & \lvert w_i \rvert > \tau \\ 0 & \text{otherwise} \end{cases}, \qquad \tau = \text{the } \lfloor sN \rfloor\text{-th smallest } \lvert w_i \rvert`,
    where:
      "w: the N weights of a layer (or of all layers, with a global threshold); m: the mask; τ: the threshold; s: the sparsity, 0 ≤ s < 1.",
  },
  pruningSchedule: {
    title: CONCEPT_TITLES.pruningSchedule,
    text: "One-shot prunes to the target sparsity at once, before fine-tuning. The polynomial schedule (Zhu & Gupta, as in TF-MOT) raises the sparsity gradually while the model fine-tunes, fast at first and then slower, so the network can adapt. Here it starts at 0, updates the masks every 1/20 of the fine-tuning steps and reaches the target after 80% of them.",
    formula: tex`s_t = s_f + (s_i - s_f)\left(1 - \frac{t - t_0}{n\, \Delta t}\right)^{3}, \qquad t \in \{t_0,\, t_0 + \Delta t,\, \dots,\, t_0 + n\, \Delta t\}`,
    where:
      "s_t: the sparsity at step t; s_i: the initial sparsity (0); s_f: the final sparsity (the slider); t₀: the first pruning step; Δt: the steps between mask updates; n: the number of updates.",
  },
  filterPruning: {
    title: CONCEPT_TITLES.filterPruning,
    text: "Removes whole filters (and hidden dense units): those whose weights have the smallest total absolute value, the L1 norm. The layer and the input of the next one are rebuilt smaller, so there really are fewer multiplications and the model runs faster. Fine-tuning afterwards recovers most of the accuracy.",
    formula: tex`\lVert F_k \rVert_1 = \sum_{u,v,c} \lvert w_{u,v,c,k} \rvert, \qquad \text{keep the } \operatorname{round}\big((1 - r)\, F\big) \text{ filters with the largest } \lVert F_k \rVert_1`,
    where: "F_k: filter (or unit) k; w: its weights; F: the number of filters in the layer; r: the fraction removed.",
  },
  quantization: {
    title: CONCEPT_TITLES.quantization,
    text: "Stores each weight as a small integer q of b bits plus a scale S, instead of a 32-bit float, so 8 bits make the weights 4× smaller (16 bits means float16, with no scale). Per tensor, one scale and a zero point Z cover the range from min to max (always including 0), as the tfjs converter does. Per channel, each output channel gets its own symmetric scale with Z = 0, as TFLite's int8 weights.",
    formula: tex`\begin{aligned} &\text{per tensor:} && S = \frac{\max - \min}{2^b - 1}, \quad Z = \operatorname{round}\!\left(\frac{-\min}{S}\right) \\ &&& q = \operatorname{clamp}\!\left(\operatorname{round}\!\left(\frac{x}{S}\right) + Z,\; 0,\; 2^b - 1\right), \quad x \approx S\,(q - Z) \\ &\text{per channel:} && S_c = \frac{\max_i \lvert w_{i,c} \rvert}{2^{b-1} - 1}, \quad q = \operatorname{round}\!\left(\frac{w}{S_c}\right), \quad w \approx S_c\, q \end{aligned}`,
    where:
      "x, w: a weight; b: the bits; min, max: the smallest and largest weight of the tensor (min ≤ 0 ≤ max); S: the scale; Z: the zero point, the integer that stands for 0.0; c: the output channel.",
  },
  confusionMatrix: {
    title: CONCEPT_TITLES.confusionMatrix,
    text: "The cell in row i, column j counts the test images of true class i that the model predicted as class j. The diagonal holds the correct answers; a large number off the diagonal shows two classes the model mixes up, such as a 4 read as a 9.",
    formula: tex`C_{ij} = \#\{\, n : y_n = i,\; \hat{y}_n = j \,\}, \qquad \text{accuracy} = \frac{\sum_i C_{ii}}{\sum_{i,j} C_{ij}}`,
    where: "y: the true class; ŷ: the predicted class; #: how many.",
  },
  divergence: {
    title: CONCEPT_TITLES.divergence,
    text: "Each step moves every weight against its gradient, scaled by the learning rate; too large a step overshoots the valley of the loss and lands higher up the other side. Repeated, the loss grows until the numbers overflow to infinity or NaN (not a number), or the model settles on confidently wrong answers, and the run stops itself. Lower the learning rate (Adam is usually happy near 0.001, plain SGD near 0.01) or add batch norm, which keeps activations in range.",
    formula: tex`w_{t+1} = w_t - \eta\, \nabla L(w_t), \qquad \text{on } L = \tfrac{a}{2} w^2:\; w_{t+1} = (1 - \eta a)\, w_t \;\text{ diverges when }\; \eta > \tfrac{2}{a}`,
    where:
      "w: a weight; η: the learning rate; ∇L: the gradient of the loss; a: the curvature of a simple bowl-shaped loss. Past η = 2/a every step overshoots by more than it corrects.",
  },
  optimizer: {
    title: CONCEPT_TITLES.optimizer,
    text: "Every optimizer moves each weight against the gradient of the batch's loss; they differ in how they shape that step. SGD takes the gradient as it is; momentum (0.9 here) keeps a running sum of past gradients, so steps speed up along a steady slope and zig-zags cancel out. Adam and RMSProp divide each weight's step by the root of its recent squared gradients, so every weight moves at a similar pace whatever the scale of its gradient.",
    formula: tex`\begin{aligned} &\text{SGD:} && w \leftarrow w - \eta\, g \\ &\text{momentum:} && v \leftarrow \mu v + g, \quad w \leftarrow w - \eta\, v \\ &\text{RMSProp:} && s \leftarrow \rho s + (1 - \rho)\, g^2, \quad w \leftarrow w - \frac{\eta\, g}{\sqrt{s + \epsilon}} \\ &\text{Adam:} && m \leftarrow \beta_1 m + (1 - \beta_1)\, g, \quad s \leftarrow \beta_2 s + (1 - \beta_2)\, g^2 \\ &&& w \leftarrow w - \eta\, \frac{m / (1 - \beta_1^t)}{\sqrt{s / (1 - \beta_2^t)} + \epsilon} \end{aligned}`,
    where:
      "w: a weight; g: its gradient on this batch; η: the learning rate; v: the velocity, μ = 0.9; s: the running mean of g², ρ = 0.9; m: the running mean of g; β₁ = 0.9, β₂ = 0.999; t: the step number; ε: a tiny constant against division by zero.",
  },
  learningRate: {
    title: CONCEPT_TITLES.learningRate,
    text: "The learning rate η scales every step the optimizer takes: twice the rate, twice as far along the same direction. Too small and the loss falls slowly; too large and steps overshoot, so the loss jumps about or grows until the run diverges. Adam usually works near 0.001 and plain SGD near 0.01 to 0.1, because Adam's steps are already normalized.",
    formula: tex`w_{t+1} = w_t - \eta\, \Delta_t, \qquad \Delta_t = \begin{cases} g_t & \text{SGD} \\ \text{the optimizer's direction} & \text{otherwise} \end{cases}`,
    where:
      "w: the weights; η: the learning rate; g: the gradient of the batch loss; Δ: the direction the optimizer computes from the gradients.",
  },
  batchSize: {
    title: CONCEPT_TITLES.batchSize,
    text: "Each step averages the gradient over a batch of B random training examples, an estimate of the gradient over the whole training set. Its noise shrinks like 1/√B: small batches take many cheap, noisy steps per epoch (the noise can even help generalization), large batches take fewer, steadier and more parallel ones. An epoch has N/B steps, so a larger batch often wants a larger learning rate.",
    formula: tex`\hat{g} = \frac{1}{B} \sum_{n \in \text{batch}} \nabla L_n(w), \qquad \mathbb{E}[\hat{g}] = \nabla L(w), \qquad \operatorname{std}(\hat{g}) \approx \frac{\sigma}{\sqrt{B}}`,
    where:
      "B: the batch size; L_n: the loss of example n; ∇L: the gradient over the whole training set; σ: how much single examples' gradients spread; N: the training examples.",
  },
} satisfies Record<Exclude<ConceptId, LayerKind>, Concept>;

/** Every note by concept id; a layer kind without a note of its own has none (LAYER_CONCEPTS points elsewhere). */
export const CONCEPTS: Partial<Record<ConceptId, Concept>> = { ...LAYER_NOTES, ...OTHER_CONCEPTS };
