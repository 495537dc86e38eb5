/** One stop of the guided tour: the page region it points at (found by its heading) and what it says. */
export interface TourStep {
  id: string;
  /** Text of the region's `section > h2`; the step still shows when the region is hidden or missing. */
  heading: string;
  title: string;
  text: string;
}

/** The tour, in page order: dataset, model, training, curves, inspection, compression lab, share and export. */
export const TOUR_STEPS: readonly TourStep[] = [
  {
    id: "dataset",
    heading: "Dataset",
    title: "Pick the data",
    text: "Choose MNIST (handwritten digits) or Fashion-MNIST (clothes). Every image is 28×28 grey pixels, and the preview shows a few of each class.",
  },
  {
    id: "layers",
    heading: "Model",
    title: "Build the network",
    text: "Stack layers from a preset or add your own; shapes, parameters and multiplications update as you edit. Press a “?” button to see what a layer does, with its formula.",
  },
  {
    id: "training",
    heading: "Training",
    title: "Train it in your browser",
    text: "Set the optimizer, learning rate, batch size and epochs, then start training. Everything runs on this device; nothing is uploaded.",
  },
  {
    id: "charts",
    heading: "Curves",
    title: "Watch it learn",
    text: "The loss should fall and the accuracy rise, step by step and epoch by epoch. If the validation curve turns up while training keeps improving, the model is overfitting.",
  },
  {
    id: "inspect",
    heading: "Look inside",
    title: "Look inside the model",
    text: "After training, see which classes it confuses, the test images it gets wrong, its filters and activations, and what it makes of a digit you draw.",
  },
  {
    id: "lab",
    heading: "Compression lab",
    title: "Make it smaller",
    text: "Prune weights or whole filters and quantize the rest, then compare size, accuracy and speed against the original model.",
  },
  {
    id: "share",
    heading: "Share, save and export",
    title: "Share your experiment",
    text: "Copy a link that rebuilds this exact experiment, save models in this browser, or export them (also as Keras or PyTorch code). You can take this tour again from the button at the top.",
  },
];
