import {
  OperationNodeTransformer,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type PrimitiveValueListNode,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
  type ValueNode,
} from 'kysely';
import { AppError } from '../errors';

const hasNul = (value: unknown) => typeof value === 'string' && value.includes('\u0000');

class NulFinder extends OperationNodeTransformer {
  protected override transformValue(node: ValueNode): ValueNode {
    if (hasNul(node.value)) throw new AppError('bad_request', 'errors.nulText');
    return super.transformValue(node);
  }

  protected override transformPrimitiveValueList(node: PrimitiveValueListNode): PrimitiveValueListNode {
    if (node.values.some(hasNul)) throw new AppError('bad_request', 'errors.nulText');
    return super.transformPrimitiveValueList(node);
  }
}

/**
 * PostgreSQL cannot hold a NUL character in text (it answers "invalid byte sequence"), SQLite can.
 * So that both stores answer alike, neither takes one: a statement with such a text as a value (an
 * id from a path, a name from a body) is refused as a bad request before it reaches the database,
 * and nothing is written. Bytes (Yjs updates) are not text and pass.
 */
export class RefuseNulText implements KyselyPlugin {
  private readonly finder = new NulFinder();

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return this.finder.transformNode(args.node, args.queryId);
  }

  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return Promise.resolve(args.result);
  }
}
