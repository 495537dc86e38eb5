// An ONNX ModelProto built with the onnx-proto package (generated from the official onnx.proto): the graph writer
// that layer kinds write into, and the encoder. Pure: no tfjs.
import onnxProto from "onnx-proto";
import type { WeightFormat } from "../../../config/compression.ts";
import type { OnnxAttribute, OnnxGraph, OnnxWeightRole } from "../../../layers/kit/onnx.ts";
import { fakeQuantize, quantize, toFloat16Bits } from "../../compress/quantize.ts";

const { onnx } = onnxProto;

/** The operator set the exporter writes (ONNX Runtime 1.14+ and Netron read it). */
export const ONNX_OPSET = 13;

function attribute(name: string, value: OnnxAttribute): onnxProto.onnx.IAttributeProto {
  const T = onnx.AttributeProto.AttributeType;
  if (typeof value === "number") return { name, type: T.INT, i: value };
  if (typeof value === "string") return { name, type: T.STRING, s: new TextEncoder().encode(value) };
  if (Array.isArray(value)) return { name, type: T.INTS, ints: value };
  return { name, type: T.FLOAT, f: value.float };
}

/** A float32 tensor value of the graph's interface: batch first, named by dim_param "batch". */
function valueInfo(name: string, dims: readonly number[]): onnxProto.onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType: onnx.TensorProto.DataType.FLOAT,
        shape: { dim: [{ dimParam: "batch" }, ...dims.map((d) => ({ dimValue: d }))] },
      },
    },
  };
}

const bytesOf = (a: Float32Array | Uint16Array | Uint8Array | Int8Array) =>
  new Uint8Array(a.buffer.slice(a.byteOffset, a.byteOffset + a.byteLength));

/** `values` of shape [C, rest…] with the first axis moved last ([rest…, C]), or back when `back`. */
function firstAxisLast<T extends Float32Array | Uint8Array>(values: T, channels: number, back = false): T {
  const rest = values.length / channels;
  const out = values.slice() as T;
  for (let c = 0; c < channels; c++)
    for (let r = 0; r < rest; r++) {
      if (back) out[c * rest + r] = values[r * channels + c];
      else out[r * channels + c] = values[c * rest + r];
    }
  return out;
}

/**
 * Collects nodes and initializers; `encode` writes the model. Kernels and biases are stored in `format`, as the
 * compression lab stores them: float16 as FLOAT16 constants cast to float, integer kernels as their integer codes
 * with DequantizeLinear (per tensor: unsigned codes and a zero point; per channel: symmetric signed codes along the
 * output-channel axis), integer biases as the floats their codes stand for. Normalization statistics stay float32.
 */
export class OnnxGraphWriter implements OnnxGraph {
  private readonly nodes: onnxProto.onnx.INodeProto[] = [];
  private readonly initializers: onnxProto.onnx.ITensorProto[] = [];
  private count = 0;

  /** Scale of each dequantized uint8 activation, by tensor name. */
  private readonly activationScales = new Map<string, number>();
  /** Scales of each dequantized integer kernel, by tensor name. */
  private readonly kernelScales = new Map<string, Float32Array>();
  /** Biases whose storage waits for the node that reads them (int32 needs its input's and kernel's scales). */
  private readonly pendingBiases = new Map<string, { values: Float32Array; dims: number[] }>();
  /** Whether the layer being written leaves its Relu to the quantization after it (see OnnxGraph). */
  foldsRelu: boolean;

  /**
   * `format` stores kernels and biases; with `quantizedActivations` (an int8 format only) the graph is W8A8 in the
   * QDQ layout ONNX Runtime fuses into integer kernels: uint8 activations, int8 kernels, int32 biases.
   */
  constructor(
    private readonly format: WeightFormat = { kind: "float32" },
    private readonly quantizedActivations = false,
  ) {
    if (quantizedActivations && (format.kind !== "int" || format.bits !== 8)) {
      throw new Error("8-bit activations need 8-bit integer weights");
    }
    this.foldsRelu = quantizedActivations;
  }

  /** `x` quantized to uint8 over [min, max] (0 exact) and back: the QuantizeLinear/DequantizeLinear pair. */
  quantizeActivation(x: string, [min, max]: readonly [number, number]): string {
    const T = onnx.TensorProto.DataType;
    const lo = Math.min(0, min);
    const hi = Math.max(0, max);
    const scale = hi > lo ? (hi - lo) / 255 : 1;
    const zero = Math.min(255, Math.max(0, Math.round(-lo / scale)));
    const s = this.constant(T.FLOAT, [], bytesOf(Float32Array.of(scale)));
    const z = this.constant(T.UINT8, [], Uint8Array.of(zero));
    const y = this.node("DequantizeLinear", [this.node("QuantizeLinear", [x, s, z]), s, z]);
    this.activationScales.set(y, Math.fround(scale));
    return y;
  }

  /** A pending bias as int32 codes on its input's and kernel's scales, or as float when either is unknown. */
  private resolveBias(name: string, inputs: string[]): string {
    const { values, dims } = this.pendingBiases.get(name)!;
    const T = onnx.TensorProto.DataType;
    const inputScale = this.activationScales.get(inputs[0]);
    const kernel = this.kernelScales.get(inputs[1]);
    if (inputScale === undefined || !kernel) return this.constant(T.FLOAT, dims, bytesOf(values));
    const scales = Float32Array.from(values, (_, c) => inputScale * kernel[kernel.length === 1 ? 0 : c]);
    const codes = Int32Array.from(values, (v, c) => Math.round(v / scales[c]));
    const x = this.constant(T.INT32, dims, new Uint8Array(codes.buffer));
    const scale = this.constant(T.FLOAT, dims, bytesOf(scales));
    const zero = this.constant(T.INT32, dims, new Uint8Array(new Int32Array(values.length).buffer));
    return this.node("DequantizeLinear", [x, scale, zero], { axis: 0 });
  }

  private constant(dataType: number, dims: number[], rawData: Uint8Array): string {
    const name = `w${this.initializers.length}`;
    this.initializers.push({ name, dims, dataType, rawData });
    return name;
  }

  weight = (values: Float32Array, dims: number[], role: OnnxWeightRole): string => {
    const T = onnx.TensorProto.DataType;
    if (values.length !== dims.reduce((a, b) => a * b, 1)) {
      throw new Error(`ONNX weight: ${values.length} values for shape [${dims}]`);
    }
    const format = this.format;
    if (role === "norm" || format.kind === "float32") return this.constant(T.FLOAT, dims, bytesOf(values));
    if (format.kind === "float16") {
      const half = this.constant(T.FLOAT16, dims, bytesOf(Uint16Array.from(values, toFloat16Bits)));
      return this.node("Cast", [half], { to: T.FLOAT });
    }
    if (role === "bias" && this.quantizedActivations) {
      const name = `bias${this.pendingBiases.size}`;
      this.pendingBiases.set(name, { values, dims });
      return name;
    }
    if (role === "bias") return this.constant(T.FLOAT, dims, bytesOf(fakeQuantize(values, format, values.length)));
    const axis = role.kernelAxis;
    const channels = dims[axis];
    if (axis !== 0 && axis !== dims.length - 1)
      throw new Error(`ONNX weight: output channels on axis ${axis} of [${dims}]`);
    const perChannel = format.granularity === "per-channel";
    // the lab's quantizer reads channels from the last axis
    const lastAxis = axis === 0 && perChannel ? firstAxisLast(values, channels) : values;
    const q = quantize(lastAxis, format.bits, format.granularity, perChannel ? channels : 1);
    const codes = axis === 0 && perChannel ? firstAxisLast(q.codes, channels, true) : q.codes;
    if (!perChannel) {
      const x = this.constant(T.UINT8, dims, codes);
      const scale = this.constant(T.FLOAT, [], bytesOf(q.scales));
      const zero = this.constant(T.UINT8, [], q.zeroPoints.slice(0, 1));
      const y = this.node("DequantizeLinear", [x, scale, zero]);
      this.kernelScales.set(y, q.scales);
      return y;
    }
    const offset = 2 ** (format.bits - 1);
    const x = this.constant(T.INT8, dims, bytesOf(Int8Array.from(codes, (c) => c - offset)));
    const scale = this.constant(T.FLOAT, [channels], bytesOf(q.scales));
    const zero = this.constant(T.INT8, [channels], new Uint8Array(channels));
    const y = this.node("DequantizeLinear", [x, scale, zero], { axis });
    this.kernelScales.set(y, q.scales);
    return y;
  };

  node = (opType: string, inputs: string[], attributes: Record<string, OnnxAttribute> = {}): string => {
    inputs = inputs.map((input) => (this.pendingBiases.has(input) ? this.resolveBias(input, inputs) : input));
    const output = `t${this.count++}`;
    this.nodes.push({
      name: `${opType}_${this.count}`,
      opType,
      input: inputs,
      output: [output],
      attribute: Object.entries(attributes).map(([name, value]) => attribute(name, value)),
    });
    return output;
  };

  /** The node that produced `tensor` now writes `name` instead (the graph's named outputs). */
  rename(tensor: string, name: string): void {
    for (const node of this.nodes) node.output = node.output?.map((o) => (o === tensor ? name : o));
  }

  /** The model as ONNX protobuf bytes. */
  encode(options: {
    input: { name: string; dims: readonly number[] };
    output: { name: string; dims: readonly number[] };
    docString: string;
  }): Uint8Array {
    const model = onnx.ModelProto.create({
      irVersion: onnx.Version.IR_VERSION,
      opsetImport: [{ domain: "", version: ONNX_OPSET }],
      producerName: "CNN Playground",
      docString: options.docString,
      graph: {
        name: "playground",
        node: this.nodes,
        initializer: this.initializers,
        input: [valueInfo(options.input.name, options.input.dims)],
        output: [valueInfo(options.output.name, options.output.dims)],
      },
    });
    return onnx.ModelProto.encode(model).finish();
  }
}
