/**
 * The Python that loads the person's own images for the exported Keras and PyTorch scripts: the images are never
 * in the script, so it reads them from a folder per class, crops and shrinks them as the page does, and splits
 * each class 80/20 with a seed (the same rule as the page, not the same images: NumPy draws other numbers).
 */
import type { ExperimentConfig } from "../../config/schema.ts";
import { DATASETS } from "../data/datasets.ts";

/** Lines defining CLASS_NAMES, IMAGE_SIZE, IMAGE_MODE and load_your_images(). */
export function customLoaderLines(): string[] {
  const { classNames, inputShape } = DATASETS.custom;
  return [
    "# Your images: put each class's image files in a folder named as the class, in your_images/ (any size:",
    "# each is cut to its centred square and shrunk by area averaging, as in the playground).",
    "from pathlib import Path",
    "from PIL import Image",
    "",
    `CLASS_NAMES = [${classNames.map((n) => JSON.stringify(n)).join(", ")}]`,
    `IMAGE_SIZE = ${inputShape[0]}`,
    `IMAGE_MODE = "${inputShape[2] === 1 ? "L" : "RGB"}"  # L: grey, RGB: colour`,
    "",
    "",
    'def load_your_images(folder="your_images", test_share=0.2, seed=1):',
    '    """Every class\'s images as uint8 arrays, split per class: 20% (at least one) for test."""',
    "    images, labels = [], []",
    "    for label, name in enumerate(CLASS_NAMES):",
    "        for path in sorted(Path(folder, name).iterdir()):",
    "            try:",
    "                img = Image.open(path).convert(IMAGE_MODE)",
    "            except OSError:",
    "                continue  # not an image",
    "            side = min(img.size)",
    "            left, top = (img.width - side) // 2, (img.height - side) // 2",
    "            img = img.crop((left, top, left + side, top + side)).resize((IMAGE_SIZE, IMAGE_SIZE), Image.BOX)",
    "            images.append(np.asarray(img, dtype=np.uint8))",
    "            labels.append(label)",
    "    images, labels = np.stack(images), np.array(labels)",
    "    rng = np.random.default_rng(seed)",
    "    test = np.zeros(len(labels), dtype=bool)",
    "    for label in range(len(CLASS_NAMES)):",
    "        members = rng.permutation(np.flatnonzero(labels == label))",
    "        if len(members) >= 2:",
    "            test[members[: max(1, int(len(members) * test_share + 0.5))]] = True",
    "    return (images[~test], labels[~test]), (images[test], labels[test])",
    "",
  ];
}

/** A torchvision-style dataset over load_your_images(), so the script's data code stays the same. */
export function customTorchDatasetLines(): string[] {
  return [
    ...customLoaderLines(),
    "",
    "class YourImages(torch.utils.data.Dataset):",
    '    """Your images as PIL images with their labels (targets), like torchvision\'s datasets."""',
    "",
    "    def __init__(self, root, train=True, download=False, transform=None):",
    "        train_part, test_part = load_your_images()",
    "        self.data, labels = train_part if train else test_part",
    "        self.targets = torch.as_tensor(labels)",
    "        self.transform = transform",
    "",
    "    def __len__(self):",
    "        return len(self.targets)",
    "",
    "    def __getitem__(self, i):",
    "        image = Image.fromarray(self.data[i])",
    "        return (self.transform(image) if self.transform else image), int(self.targets[i])",
    "",
    "",
  ];
}

/** True when the config trains on the person's own images. */
export const isCustom = (config: Pick<ExperimentConfig, "datasetId">) => config.datasetId === "custom";
