// GET /api/v1/config: Langflow's ConfigResponse (the UI's settings) plus the authentication
// facts a client needs (auto_login and friends). Whitelisted; nothing secret is ever here.
import { Type, type Static } from '@sinclair/typebox';
import type { Config } from '../../config/config-types.js';

const MIB = 1024 * 1024;

export const ConfigResponseSchema = Type.Object({
  feature_flags: Type.Object({ mvp_components: Type.Boolean() }),
  serialization_max_items_length: Type.Integer(),
  serialization_max_text_length: Type.Integer(),
  frontend_timeout: Type.Integer(),
  auto_saving: Type.Boolean(),
  auto_saving_interval: Type.Integer(),
  health_check_max_retries: Type.Integer(),
  max_file_size_upload: Type.Integer(),
  webhook_polling_interval: Type.Integer(),
  public_flow_cleanup_interval: Type.Integer(),
  public_flow_expiration: Type.Integer(),
  event_delivery: Type.String(),
  webhook_auth_enable: Type.Boolean(),
  auto_login: Type.Boolean(),
  enable_signup: Type.Boolean(),
  new_user_is_active: Type.Boolean(),
  access_token_expire_seconds: Type.Integer(),
  refresh_token_expire_seconds: Type.Integer(),
});

export type ConfigResponse = Static<typeof ConfigResponseSchema>;

export function toConfigResponse(config: Config): ConfigResponse {
  return {
    feature_flags: { mvp_components: false },
    // Langflow's defaults for the settings Flowgate does not make configurable.
    serialization_max_items_length: 1000,
    serialization_max_text_length: 20000,
    frontend_timeout: 0,
    auto_saving: true,
    auto_saving_interval: 1000,
    health_check_max_retries: 5,
    max_file_size_upload: Math.floor(config.maxFileBytes / MIB),
    webhook_polling_interval: 5000,
    public_flow_cleanup_interval: 3600,
    public_flow_expiration: 86400,
    event_delivery: 'streaming',
    webhook_auth_enable: config.webhookAuthEnable,
    auto_login: config.autoLogin,
    // Sign-up is open only with auto-login off (there is no one to sign up as otherwise).
    enable_signup: config.enableSignup && !config.autoLogin,
    new_user_is_active: config.newUserIsActive,
    access_token_expire_seconds: config.accessTokenExpireSeconds,
    refresh_token_expire_seconds: config.refreshTokenExpireSeconds,
  };
}
