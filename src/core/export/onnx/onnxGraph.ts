// An ONNX ModelProto built with the onnx-proto package (generated from the official onnx.proto): the graph writer
// that layer kinds write into, and the encoder. Pure: no tfjs.
import onnxProto from "onnx-proto";
import type { OnnxAttribute, OnnxGraph } from "../../../layers/kit/onnx.ts";

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

/** Collects nodes and initializers; `encode` writes the model. */
export class OnnxGraphWriter implements OnnxGraph {
  private readonly nodes: onnxProto.onnx.INodeProto[] = [];
  private readonly initializers: onnxProto.onnx.ITensorProto[] = [];
  private count = 0;

  weight = (values: Float32Array, dims: number[]): string => {
    const name = `w${this.initializers.length}`;
    if (values.length !== dims.reduce((a, b) => a * b, 1))
      throw new Error(`weight ${name}: ${values.length} values for shape [${dims}]`);
    const raw = new Uint8Array(values.buffer.slice(values.byteOffset, values.byteOffset + values.byteLength));
    this.initializers.push({ name, dims, dataType: onnx.TensorProto.DataType.FLOAT, rawData: raw });
    return name;
  };

  node = (opType: string, inputs: string[], attributes: Record<string, OnnxAttribute> = {}): string => {
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
