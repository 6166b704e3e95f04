import {
  OperationNodeTransformer,
  PrimitiveValueListNode,
  ValueNode,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
} from 'kysely';
import { AppError } from '../errors';

const hasNul = (value: unknown) => typeof value === 'string' && value.includes('\u0000');

/**
 * Whether any text in the query's tree holds a NUL: a plain walk, far cheaper than the
 * transformer below, which rebuilds and freezes every node of every query. Names of tables and
 * columns are Rakor's own and never hold one, so a NUL is always in a value. Bytes are skipped.
 */
function holdsNul(node: unknown): boolean {
  if (typeof node === 'string') return node.includes('\u0000');
  if (node === null || typeof node !== 'object' || ArrayBuffer.isView(node)) return false;
  if (Array.isArray(node)) return node.some(holdsNul);
  for (const key in node) if (holdsNul((node as Record<string, unknown>)[key])) return true;
  return false;
}

/** In a read, a text with NUL becomes NULL, equal to nothing; in a write it is refused. */
class NulText extends OperationNodeTransformer {
  constructor(private readonly read: boolean) {
    super();
  }

  protected override transformValue(node: ValueNode): ValueNode {
    if (!hasNul(node.value)) return super.transformValue(node);
    if (!this.read) throw new AppError('bad_request', 'errors.nulText');
    // ValueNode.create is exported but marked internal: Kysely is pinned (package.json), and store.test.ts holds this.
    return ValueNode.create(null);
  }

  protected override transformPrimitiveValueList(node: PrimitiveValueListNode): PrimitiveValueListNode {
    if (!node.values.some(hasNul)) return super.transformPrimitiveValueList(node);
    if (!this.read) throw new AppError('bad_request', 'errors.nulText');
    return PrimitiveValueListNode.create(node.values.map((v) => (hasNul(v) ? null : v)));
  }
}

/**
 * PostgreSQL cannot hold a NUL character in text (it answers "invalid byte sequence"), SQLite can.
 * So that both stores answer alike, neither takes one. A read looking for such a text (an id from a
 * path or a socket payload) finds nothing, as it always did on SQLite where no such text is stored:
 * the value is compared as NULL, which equals nothing (no query of Rakor negates a comparison with
 * a value it was given). A write with one (a name from a body) is refused as a bad request before
 * it reaches the database. Bytes (Yjs updates) are not text and pass.
 */
export class RefuseNulText implements KyselyPlugin {
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    if (!holdsNul(args.node)) return args.node;
    return new NulText(args.node.kind === 'SelectQueryNode').transformNode(args.node, args.queryId);
  }

  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return Promise.resolve(args.result);
  }
}
