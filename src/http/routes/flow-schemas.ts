// TypeBox schemas of Langflow's flow and project JSON. Flow objects admit additional
// properties: fields Flowgate does not use are kept and given back (services/flows/flow-input.ts).
import { Type } from '@sinclair/typebox';

const NullableString = Type.Union([Type.String(), Type.Null()]);
const NullableBool = Type.Union([Type.Boolean(), Type.Null()]);

/** What a client may send for a flow (create, PATCH, batch item). */
export const FlowBody = Type.Object(
  {
    name: Type.Optional(Type.Union([Type.String({ maxLength: 1000 }), Type.Null()])),
    description: Type.Optional(NullableString),
    icon: Type.Optional(NullableString),
    icon_bg_color: Type.Optional(NullableString),
    gradient: Type.Optional(NullableString),
    data: Type.Optional(Type.Union([Type.Object({}, { additionalProperties: true }), Type.Null()])),
    is_component: Type.Optional(NullableBool),
    webhook: Type.Optional(NullableBool),
    endpoint_name: Type.Optional(NullableString),
    tags: Type.Optional(Type.Union([Type.Array(Type.String()), Type.Null()])),
    locked: Type.Optional(NullableBool),
    mcp_enabled: Type.Optional(NullableBool),
    access_type: Type.Optional(Type.Union([Type.Literal('PRIVATE'), Type.Literal('PUBLIC'), Type.Null()])),
    folder_id: Type.Optional(Type.Union([Type.String({ format: 'uuid' }), Type.Null()])),
  },
  { additionalProperties: true },
);

/** Langflow's FlowRead; unknown fields the client stored come back as additional properties. */
export const FlowRead = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    description: NullableString,
    icon: NullableString,
    icon_bg_color: NullableString,
    gradient: NullableString,
    data: Type.Any(),
    is_component: Type.Boolean(),
    updated_at: Type.String(),
    webhook: Type.Boolean(),
    endpoint_name: NullableString,
    tags: Type.Array(Type.String()),
    locked: Type.Boolean(),
    mcp_enabled: Type.Boolean(),
    access_type: Type.String(),
    action_name: Type.Any(),
    action_description: Type.Any(),
    user_id: Type.String(),
    folder_id: NullableString,
  },
  { additionalProperties: true },
);

export const PublicFlowRead = Type.Omit(FlowRead, ['user_id', 'folder_id'], { additionalProperties: true });

export const FlowHeader = Type.Object({
  id: Type.String(),
  name: Type.String(),
  folder_id: NullableString,
  is_component: Type.Boolean(),
  endpoint_name: NullableString,
  description: NullableString,
  data: Type.Any(),
  access_type: Type.String(),
  tags: Type.Array(Type.String()),
  mcp_enabled: Type.Boolean(),
  action_name: Type.Any(),
  action_description: Type.Any(),
  updated_at: Type.String(),
});

export function PageOf<T extends ReturnType<typeof Type.Object>>(item: T) {
  return Type.Object({ items: Type.Array(item), total: Type.Integer(), page: Type.Integer(), size: Type.Integer(), pages: Type.Integer() });
}

export const ProjectRead = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: NullableString,
  parent_id: NullableString,
});

export const FlowIdList = Type.Array(Type.String({ format: 'uuid' }), { maxItems: 10000 });
