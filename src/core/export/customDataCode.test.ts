import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_CONFIG, PRESETS } from "../../config/presets.ts";
import { EMPTY_CUSTOM_META, setCustomDataset } from "../data/datasets.ts";
import { toKerasCode } from "./kerasCode.ts";
import { toPytorchCode } from "./pytorchCode.ts";

const config = { ...DEFAULT_CONFIG, layers: PRESETS.tiny.config.layers, datasetId: "custom" as const };

afterEach(() => setCustomDataset(EMPTY_CUSTOM_META));

describe("exported scripts on your own images", () => {
  it("Keras reads a folder per class, with the class names and image size, and keeps colour channels", () => {
    setCustomDataset({ classNames: ["cats", "dogs", "owls"], size: 32, channels: 3, trainCount: 8, testCount: 3 });
    const code = toKerasCode(config);
    expect(code).toContain('CLASS_NAMES = ["cats", "dogs", "owls"]');
    expect(code).toContain("IMAGE_SIZE = 32");
    expect(code).toContain('IMAGE_MODE = "RGB"');
    expect(code).toContain("(x_train, y_train), (x_test, y_test) = load_your_images()");
    expect(code).not.toContain("keras.datasets");
    expect(code).not.toContain("np.newaxis");
    expect(code).toContain("keras.Input(shape=(32, 32, 3))");
    expect(code).toContain('layers.Dense(3, activation="softmax")');
  });

  it("PyTorch wraps them in a torchvision-style dataset; grey images get their channel axis", () => {
    setCustomDataset({ classNames: ["a", "b"], size: 28, channels: 1, trainCount: 8, testCount: 2 });
    const code = toPytorchCode(config);
    expect(code).toContain("class YourImages(torch.utils.data.Dataset):");
    expect(code).toContain('train_full = YourImages("data", train=True, download=True, transform=to_tensor)');
    expect(code).toContain('IMAGE_MODE = "L"');
    expect(code).not.toContain("datasets.MNIST");
    expect(toKerasCode(config)).toContain("[..., np.newaxis]");
  });
});
