import { describe, it, expect } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, maskUrlPassword } from '../../src/config/config-error.js';
import { parseConfig } from '../../src/config/parse-config.js';
import { DEFAULT_VARIABLES_TO_GET_FROM_ENVIRONMENT } from '../../src/config/provider-variables.js';
import { readEnvFile } from '../../src/config/env-file.js';
import { defaultConfigDir } from '../../src/config/paths.js';

const BASE = { HOME: '/home/tester' };

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError, nothing was thrown');
}

describe('parseConfig defaults', () => {
  it('applies every default of SPEC §1 and Flowgate', () => {
    const c = parseConfig({ ...BASE });
    expect(c.autoLogin).toBe(true);
    expect(c.autoLoginExplicit).toBe(false);
    expect(c.superuser).toBe('langflow');
    expect(c.superuserPassword).toBeUndefined();
    expect(c.secretKey).toBeUndefined();
    expect(c.secretKeyPrevious).toBeUndefined();
    expect(c.newUserIsActive).toBe(false);
    expect(c.enableSignup).toBe(true);
    expect([c.maxFlowNodes, c.maxFlowEdges]).toEqual([1000, 3000]);
    expect(c.quotas).toEqual({ flows: 1000, flowBytes: 100 * 1024 * 1024, files: 1000, fileBytes: 1024 * 1024 * 1024 });
    expect(c.skipAuthAutoLogin).toBe(false);
    expect(c.accessTokenExpireSeconds).toBe(3600);
    expect(c.refreshTokenExpireSeconds).toBe(604800);
    expect(c.sessionMaxSeconds).toBe(2592000);
    expect(c.algorithm).toBe('HS256');
    expect(c.accessCookie).toEqual({ sameSite: 'lax', secure: undefined, httpOnly: true });
    expect(c.refreshCookie).toEqual({ sameSite: 'lax', secure: undefined, httpOnly: true });
    expect(c.cookieDomain).toBeUndefined();
    expect(c.apiKeySource).toBe('db');
    expect(c.apiKey).toBeUndefined();
    expect(c.webhookAuthEnable).toBe(true);
    expect(c.enableSuperuserCli).toBe(true);
    expect(c.disableTrackApikeyUsage).toBe(false);
    expect(c.corsOrigins).toBe('*');
    expect(c.corsAllowCredentials).toBe(true);
    expect(c.storeEnvironmentVariables).toBe(true);
    expect(c.variablesToGetFromEnvironment).toEqual([...DEFAULT_VARIABLES_TO_GET_FROM_ENVIRONMENT]);
    expect(c.variablesToGetFromEnvironment).toContain('OPENAI_API_KEY');
    expect(c.variablesToGetFromEnvironment).toContain('ANTHROPIC_API_KEY');
    expect(c.fallbackToEnvVar).toBe(true);
    expect(c.configDir).toBe('/home/tester/.cache/flowgate');
    expect(c.databaseUrl).toBe('sqlite:////home/tester/.cache/flowgate/flowgate.db');
    expect(c.host).toBe('127.0.0.1');
    expect(c.port).toBe(7860);
    expect(c.logLevel).toBe('info');
    expect(c.rateLimit).toEqual({
      accountMaxFailures: 5,
      accountWindowSeconds: 900,
      accountLockSeconds: 60,
      accountMaxLockSeconds: 3600,
      ipMaxFailures: 30,
      ipWindowSeconds: 60,
      signupMax: 20,
      signupWindowSeconds: 3600,
    });
    expect(c.trustedProxies).toEqual([]);
    expect(c.maxBodyBytes).toBe(1048576);
    expect(c.maxFileBytes).toBe(100 * 1024 * 1024);
    expect(c.runTimeoutSeconds).toBe(60);
    expect(c.backendOnly).toBe(false);
    expect(c.environment).toEqual({ HOME: '/home/tester' });
  });

  it('puts the config dir under XDG_CACHE_HOME when it is absolute', () => {
    expect(parseConfig({ ...BASE, XDG_CACHE_HOME: '/var/cache/x' }).configDir).toBe('/var/cache/x/flowgate');
    expect(defaultConfigDir({ HOME: '/h', XDG_CACHE_HOME: 'relative' })).toBe('/h/.cache/flowgate');
  });

  it('resolves CONFIG_DIR to an absolute path and derives the default database from it', () => {
    const c = parseConfig({ ...BASE, LANGFLOW_CONFIG_DIR: '~/lf' });
    expect(c.configDir).toBe('/home/tester/lf');
    expect(c.databaseUrl).toBe('sqlite:////home/tester/lf/flowgate.db');
    const rel = parseConfig({ ...BASE, LANGFLOW_CONFIG_DIR: 'data/lf' });
    expect(rel.configDir).toBe(join(process.cwd(), 'data/lf'));
  });

  it('sets autoLoginExplicit only when AUTO_LOGIN is present', () => {
    const c = parseConfig({ ...BASE, LANGFLOW_AUTO_LOGIN: 'True' });
    expect(c.autoLogin).toBe(true);
    expect(c.autoLoginExplicit).toBe(true);
    const off = parseConfig({ ...BASE, LANGFLOW_AUTO_LOGIN: 'false' });
    expect(off.autoLogin).toBe(false);
    expect(off.autoLoginExplicit).toBe(true);
  });
});

describe('booleans', () => {
  const cases: [string, boolean][] = [
    ['true', true], ['TRUE', true], ['True', true], ['tRuE', true],
    ['1', true], ['yes', true], ['YES', true], ['Yes', true], [' yes ', true],
    ['false', false], ['FALSE', false], ['False', false], ['fAlSe', false],
    ['0', false], ['no', false], ['NO', false], ['No', false],
  ];
  for (const [spelling, expected] of cases) {
    it(`reads ${JSON.stringify(spelling)} as ${expected}`, () => {
      // NEW_USER_IS_ACTIVE defaults to false and ENABLE_SIGNUP to true, so both directions show.
      const c = parseConfig({
        ...BASE,
        LANGFLOW_NEW_USER_IS_ACTIVE: spelling,
        LANGFLOW_ENABLE_SIGNUP: spelling,
        LANGFLOW_ACCESS_SECURE: spelling,
      });
      expect(c.newUserIsActive).toBe(expected);
      expect(c.enableSignup).toBe(expected);
      expect(c.accessCookie.secure).toBe(expected);
    });
  }

  for (const bad of ['maybe', 'on', 'off', 't', 'y', '2', '', 'true!']) {
    it(`rejects ${JSON.stringify(bad)} naming the variable`, () => {
      const error = configError(() => parseConfig({ ...BASE, LANGFLOW_WEBHOOK_AUTH_ENABLE: bad }));
      expect(error.problems).toHaveLength(1);
      expect(error.problems[0].variable).toBe('LANGFLOW_WEBHOOK_AUTH_ENABLE');
      expect(error.message).toContain('LANGFLOW_WEBHOOK_AUTH_ENABLE');
      expect(error.message).toMatch(/true\/false/);
    });
  }
});

describe('variable names', () => {
  it('are case-insensitive', () => {
    const c = parseConfig({
      ...BASE,
      langflow_auto_login: 'false',
      Langflow_Superuser: 'admin',
      LANGFLOW_port: '8080',
      lAnGfLoW_SECRET_KEY: 'k'.repeat(40),
    });
    expect(c.autoLogin).toBe(false);
    expect(c.autoLoginExplicit).toBe(true);
    expect(c.superuser).toBe('admin');
    expect(c.port).toBe(8080);
    expect(c.secretKey).toBe('k'.repeat(40));
  });

  it('prefer the upper-case spelling when two spellings are present', () => {
    expect(parseConfig({ ...BASE, langflow_port: '1111', LANGFLOW_PORT: '2222' }).port).toBe(2222);
    expect(parseConfig({ ...BASE, LANGFLOW_PORT: '2222', langflow_port: '1111' }).port).toBe(2222);
  });

  it('ignore variables without the prefix', () => {
    expect(parseConfig({ ...BASE, AUTO_LOGIN: 'false', PORT: '1' }).autoLogin).toBe(true);
  });
});

describe('errors', () => {
  it('reports several bad values together, each named, one per line', () => {
    const error = configError(() =>
      parseConfig({
        ...BASE,
        LANGFLOW_AUTO_LOGIN: 'perhaps',
        LANGFLOW_PORT: '70000',
        LANGFLOW_ACCESS_TOKEN_EXPIRE_SECONDS: '-5',
        LANGFLOW_REFRESH_SAME_SITE: 'sometimes',
        LANGFLOW_LOG_LEVEL: 'loud',
        LANGFLOW_DATABASE_URL: 'mysql://db/x',
        LANGFLOW_MAX_FILE_SIZE_UPLOAD: '1.5',
      }),
    );
    const variables = error.problems.map((p) => p.variable).sort();
    expect(variables).toEqual(
      [
        'LANGFLOW_ACCESS_TOKEN_EXPIRE_SECONDS',
        'LANGFLOW_AUTO_LOGIN',
        'LANGFLOW_DATABASE_URL',
        'LANGFLOW_LOG_LEVEL',
        'LANGFLOW_MAX_FILE_SIZE_UPLOAD',
        'LANGFLOW_PORT',
        'LANGFLOW_REFRESH_SAME_SITE',
      ].sort(),
    );
    const lines = error.message.split('\n');
    expect(lines).toHaveLength(1 + 7);
    expect(lines).toContain('LANGFLOW_AUTO_LOGIN=perhaps: expected a boolean (true/false, 1/0, yes/no, any case)');
    expect(lines).toContain('LANGFLOW_PORT=70000: expected a whole number from 1 to 65535');
    expect(lines.find((l) => l.startsWith('LANGFLOW_REFRESH_SAME_SITE=sometimes: expected'))).toMatch(/lax, strict, none/);
    for (const problem of error.problems) {
      expect(error.message).toContain(`${problem.variable}=`);
    }
  });

  it('rejects integers that are not positive whole numbers', () => {
    for (const bad of ['0', '-1', '1.0', '1e3', 'ten', '', '99999999999999999999']) {
      const error = configError(() => parseConfig({ ...BASE, LANGFLOW_RATE_LIMIT_IP_MAX_FAILURES: bad }));
      expect(error.problems.map((p) => p.variable)).toEqual(['LANGFLOW_RATE_LIMIT_IP_MAX_FAILURES']);
    }
    expect(parseConfig({ ...BASE, LANGFLOW_RATE_LIMIT_IP_MAX_FAILURES: ' 12 ' }).rateLimit.ipMaxFailures).toBe(12);
  });

  it('rejects a maximum lock shorter than the first lock', () => {
    const error = configError(() =>
      parseConfig({
        ...BASE,
        LANGFLOW_RATE_LIMIT_ACCOUNT_LOCK_SECONDS: '600',
        LANGFLOW_RATE_LIMIT_ACCOUNT_MAX_LOCK_SECONDS: '60',
      }),
    );
    expect(error.problems[0].variable).toBe('LANGFLOW_RATE_LIMIT_ACCOUNT_MAX_LOCK_SECONDS');
  });

  it('rejects an unknown ALGORITHM and accepts RS256 / RS512', () => {
    const error = configError(() => parseConfig({ ...BASE, LANGFLOW_ALGORITHM: 'none' }));
    expect(error.problems).toEqual([
      { variable: 'LANGFLOW_ALGORITHM', value: 'none', allowed: 'one of HS256, RS256, RS512' },
    ]);
    configError(() => parseConfig({ ...BASE, LANGFLOW_ALGORITHM: 'HS512' }));
    expect(parseConfig({ ...BASE, LANGFLOW_ALGORITHM: 'RS256' }).algorithm).toBe('RS256');
    expect(parseConfig({ ...BASE, LANGFLOW_ALGORITHM: 'rs512' }).algorithm).toBe('RS512');
  });

  it('requires LANGFLOW_API_KEY when API_KEY_SOURCE=env', () => {
    const error = configError(() => parseConfig({ ...BASE, LANGFLOW_API_KEY_SOURCE: 'env' }));
    expect(error.problems.map((p) => p.variable)).toEqual(['LANGFLOW_API_KEY']);
    expect(error.message).toContain('LANGFLOW_API_KEY (not set): expected');
    const ok = parseConfig({ ...BASE, LANGFLOW_API_KEY_SOURCE: 'env', LANGFLOW_API_KEY: 'sk-abc' });
    expect(ok.apiKeySource).toBe('env');
    expect(ok.apiKey).toBe('sk-abc');
  });

  it('ignores LANGFLOW_API_KEY unless API_KEY_SOURCE=env', () => {
    expect(parseConfig({ ...BASE, LANGFLOW_API_KEY: 'sk-client-side' }).apiKey).toBeUndefined();
  });

  it('rejects a bad API_KEY_SOURCE', () => {
    const error = configError(() => parseConfig({ ...BASE, LANGFLOW_API_KEY_SOURCE: 'file' }));
    expect(error.problems[0]).toMatchObject({ variable: 'LANGFLOW_API_KEY_SOURCE', value: 'file' });
  });

  it('accepts SQLite and PostgreSQL URLs and rejects others', () => {
    for (const url of [
      'sqlite:///./langflow.db',
      'sqlite:////abs/langflow.db',
      'sqlite+aiosqlite:///x.db',
      'postgresql://u:p@db:5432/lf',
      'postgres://u:p@db/lf',
      'postgresql+psycopg://u:p@db/lf',
    ]) {
      expect(parseConfig({ ...BASE, LANGFLOW_DATABASE_URL: url }).databaseUrl).toBe(url);
    }
    for (const url of ['mysql://u:p@db/lf', 'sqlite://x.db', 'langflow.db', 'postgresql://']) {
      configError(() => parseConfig({ ...BASE, LANGFLOW_DATABASE_URL: url }));
    }
  });

  it('accepts Langflow log level names and rejects unknown ones', () => {
    expect(parseConfig({ ...BASE, LANGFLOW_LOG_LEVEL: 'DEBUG' }).logLevel).toBe('debug');
    expect(parseConfig({ ...BASE, LANGFLOW_LOG_LEVEL: 'critical' }).logLevel).toBe('fatal');
    expect(parseConfig({ ...BASE, LANGFLOW_LOG_LEVEL: 'WARNING' }).logLevel).toBe('warn');
    expect(parseConfig({ ...BASE, LANGFLOW_LOG_LEVEL: 'silent' }).logLevel).toBe('silent');
    configError(() => parseConfig({ ...BASE, LANGFLOW_LOG_LEVEL: 'verbose' }));
  });
});

describe('secrets', () => {
  it('never echoes a secret in a problem or the message', () => {
    const error = configError(() =>
      parseConfig({
        ...BASE,
        LANGFLOW_SECRET_KEY: 'super-secret-key-value',
        LANGFLOW_SUPERUSER_PASSWORD: 'hunter2-password',
        LANGFLOW_API_KEY: 'sk-very-secret-api-key',
        LANGFLOW_API_KEY_SOURCE: 'envv',
        LANGFLOW_DATABASE_URL: 'mysql://admin:db-pass-word@db.example/lf',
        // A secret pasted into the wrong variable is masked too.
        LANGFLOW_AUTO_LOGIN: 'hunter2-password',
      }),
    );
    const everything = error.message + JSON.stringify(error.problems);
    for (const secret of ['super-secret-key-value', 'hunter2-password', 'sk-very-secret-api-key', 'db-pass-word']) {
      expect(everything).not.toContain(secret);
    }
    expect(error.message).toContain('LANGFLOW_DATABASE_URL=mysql://admin:*****@db.example/lf');
    expect(error.message).toContain('LANGFLOW_AUTO_LOGIN=*****');
  });

  it('masks secret variables in any ConfigError, however it was built', () => {
    const error = new ConfigError([
      { variable: 'LANGFLOW_SECRET_KEY', value: 'abc', allowed: 'x' },
      { variable: 'LANGFLOW_SECRET_KEY_PREVIOUS', value: 'def', allowed: 'x' },
      { variable: 'langflow_superuser_password', value: 'ghi', allowed: 'x' },
      { variable: 'LANGFLOW_API_KEY', value: 'jkl', allowed: 'x' },
      { variable: 'LANGFLOW_DATABASE_URL', value: 'postgresql://u:p@ss/w#rd@h/db', allowed: 'x' },
    ]);
    expect(error.problems.map((p) => p.value)).toEqual([
      '*****',
      '*****',
      '*****',
      '*****',
      'postgresql://u:*****@h/db',
    ]);
    for (const secret of ['abc', 'def', 'ghi', 'jkl', 'p@ss']) expect(error.message).not.toContain(`=${secret}`);
    expect(error.message).not.toContain('w#rd');
  });

  it('masks URL passwords and leaves password-less URLs alone', () => {
    expect(maskUrlPassword('postgresql://user:pw@host:5432/db')).toBe('postgresql://user:*****@host:5432/db');
    expect(maskUrlPassword('postgresql://host:5432/db')).toBe('postgresql://host:5432/db');
    expect(maskUrlPassword('sqlite:///x.db')).toBe('sqlite:///x.db');
  });

  it('keeps secrets out of Config.environment but in their fields, byte for byte', () => {
    const c = parseConfig({
      ...BASE,
      LANGFLOW_SECRET_KEY: ' key with spaces ',
      LANGFLOW_SUPERUSER_PASSWORD: 'pw',
      langflow_database_url: 'postgresql://u:p@h/db',
      OPENAI_API_KEY: 'sk-openai',
    });
    expect(c.secretKey).toBe(' key with spaces ');
    expect(c.superuserPassword).toBe('pw');
    expect(c.environment).toEqual({ HOME: '/home/tester', OPENAI_API_KEY: 'sk-openai' });
  });
});

describe('precedence', () => {
  it('env file overrides the process environment; CLI flags override both', () => {
    const env = {
      ...BASE,
      LANGFLOW_HOST: '10.0.0.1',
      LANGFLOW_PORT: '1000',
      LANGFLOW_LOG_LEVEL: 'debug',
      LANGFLOW_SUPERUSER: 'from-process',
      LANGFLOW_AUTO_LOGIN: 'true',
      OPENAI_API_KEY: 'process',
    };
    const envFile = {
      LANGFLOW_PORT: '2000',
      langflow_superuser: 'from-file',
      LANGFLOW_AUTO_LOGIN: 'false',
      OPENAI_API_KEY: 'file',
    };
    const fileOnly = parseConfig(env, { envFile });
    expect(fileOnly.port).toBe(2000);
    expect(fileOnly.host).toBe('10.0.0.1');
    expect(fileOnly.logLevel).toBe('debug');
    expect(fileOnly.superuser).toBe('from-file');
    expect(fileOnly.autoLogin).toBe(false);
    expect(fileOnly.environment.OPENAI_API_KEY).toBe('file');
    expect(fileOnly.environment.langflow_superuser).toBe('from-file');
    expect(fileOnly.environment.LANGFLOW_SUPERUSER).toBeUndefined();

    const withCli = parseConfig(env, { envFile, host: '0.0.0.0', port: 3000, logLevel: 'warning', backendOnly: true });
    expect(withCli.host).toBe('0.0.0.0');
    expect(withCli.port).toBe(3000);
    expect(withCli.logLevel).toBe('warn');
    expect(withCli.backendOnly).toBe(true);
  });

  it('an empty value in the env file still overrides the process environment', () => {
    const error = configError(() =>
      parseConfig({ ...BASE, LANGFLOW_AUTO_LOGIN: 'true' }, { envFile: { LANGFLOW_AUTO_LOGIN: '' } }),
    );
    expect(error.problems[0].variable).toBe('LANGFLOW_AUTO_LOGIN');
  });

  it('does not complain about a variable a CLI flag overrides', () => {
    const c = parseConfig({ ...BASE, LANGFLOW_PORT: 'not-a-port' }, { port: 9000 });
    expect(c.port).toBe(9000);
  });

  it('validates CLI flags and names them', () => {
    const error = configError(() => parseConfig({ ...BASE }, { port: 70_000, logLevel: 'loud', host: ' ' }));
    expect(error.problems.map((p) => p.variable).sort()).toEqual(['--host', '--log-level', '--port']);
  });

  it('takes --port 0 as "any free port"', () => {
    expect(parseConfig({ ...BASE }, { port: 0 }).port).toBe(0);
  });

  it('reads LANGFLOW_BACKEND_ONLY when the flag is absent', () => {
    expect(parseConfig({ ...BASE, LANGFLOW_BACKEND_ONLY: 'yes' }).backendOnly).toBe(true);
    expect(parseConfig({ ...BASE, LANGFLOW_BACKEND_ONLY: 'yes' }, { backendOnly: false }).backendOnly).toBe(false);
  });
});

describe('lists', () => {
  it('CORS_ORIGINS: *, comma-separated, JSON array', () => {
    expect(parseConfig({ ...BASE, LANGFLOW_CORS_ORIGINS: '*' }).corsOrigins).toBe('*');
    expect(parseConfig({ ...BASE, LANGFLOW_CORS_ORIGINS: '["*"]' }).corsOrigins).toBe('*');
    expect(
      parseConfig({ ...BASE, LANGFLOW_CORS_ORIGINS: 'https://a.example, http://localhost:3000 ,' }).corsOrigins,
    ).toEqual(['https://a.example', 'http://localhost:3000']);
    expect(
      parseConfig({ ...BASE, LANGFLOW_CORS_ORIGINS: '["https://A.example/", "https://b.example:443"]' }).corsOrigins,
    ).toEqual(['https://a.example', 'https://b.example']);
    expect(parseConfig({ ...BASE, LANGFLOW_CORS_ORIGINS: '' }).corsOrigins).toEqual([]);
  });

  it('CORS_ORIGINS: rejects paths, mixed *, and broken JSON', () => {
    for (const bad of ['https://a.example/app', '*,https://a.example', '["https://a.example"', '[1,2]', 'a.example']) {
      const error = configError(() => parseConfig({ ...BASE, LANGFLOW_CORS_ORIGINS: bad }));
      expect(error.problems.map((p) => p.variable)).toEqual(['LANGFLOW_CORS_ORIGINS']);
    }
  });

  it('VARIABLES_TO_GET_FROM_ENVIRONMENT adds to the defaults, both forms', () => {
    const comma = parseConfig({ ...BASE, LANGFLOW_VARIABLES_TO_GET_FROM_ENVIRONMENT: 'MY_KEY, OPENAI_API_KEY,OTHER' });
    expect(comma.variablesToGetFromEnvironment.slice(0, DEFAULT_VARIABLES_TO_GET_FROM_ENVIRONMENT.length)).toEqual([
      ...DEFAULT_VARIABLES_TO_GET_FROM_ENVIRONMENT,
    ]);
    expect(comma.variablesToGetFromEnvironment.slice(DEFAULT_VARIABLES_TO_GET_FROM_ENVIRONMENT.length)).toEqual([
      'MY_KEY',
      'OTHER',
    ]);
    const json = parseConfig({ ...BASE, LANGFLOW_VARIABLES_TO_GET_FROM_ENVIRONMENT: '["A_KEY"]' });
    expect(json.variablesToGetFromEnvironment.at(-1)).toBe('A_KEY');
  });

  it('TRUSTED_PROXIES: IP addresses only', () => {
    expect(parseConfig({ ...BASE, LANGFLOW_TRUSTED_PROXIES: '10.0.0.1, ::1,FE80::1' }).trustedProxies).toEqual([
      '10.0.0.1',
      '::1',
      'fe80::1',
    ]);
    const error = configError(() => parseConfig({ ...BASE, LANGFLOW_TRUSTED_PROXIES: '10.0.0.1,proxy.local' }));
    expect(error.message).toContain('proxy.local');
  });
});

describe('freezing', () => {
  it('freezes the whole object, deeply', () => {
    const c = parseConfig(
      { ...BASE, LANGFLOW_CORS_ORIGINS: 'https://a.example', LANGFLOW_TRUSTED_PROXIES: '10.0.0.1' },
      { envFile: { X: '1' } },
    );
    expect(Object.isFrozen(c)).toBe(true);
    for (const part of [
      c.accessCookie,
      c.refreshCookie,
      c.rateLimit,
      c.corsOrigins,
      c.trustedProxies,
      c.variablesToGetFromEnvironment,
      c.environment,
    ]) {
      expect(Object.isFrozen(part)).toBe(true);
    }
    expect(() => {
      (c as { port: number }).port = 1;
    }).toThrow(TypeError);
    expect(() => {
      (c.rateLimit as { ipMaxFailures: number }).ipMaxFailures = 1;
    }).toThrow(TypeError);
    expect(() => (c.variablesToGetFromEnvironment as string[]).push('X')).toThrow(TypeError);
    expect(() => {
      (c.environment as Record<string, string>).X = '2';
    }).toThrow(TypeError);
  });

  it('does not freeze or change its inputs', () => {
    const env = { ...BASE, LANGFLOW_PORT: '1234' };
    const envFile = { LANGFLOW_HOST: '::1' };
    parseConfig(env, { envFile });
    expect(Object.isFrozen(env)).toBe(false);
    expect(Object.isFrozen(envFile)).toBe(false);
    expect(env).toEqual({ ...BASE, LANGFLOW_PORT: '1234' });
  });
});

describe('readEnvFile', () => {
  it('parses dotenv syntax and feeds parseConfig', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flowgate-config-'));
    try {
      const file = join(dir, '.env');
      writeFileSync(
        file,
        '\uFEFF# comment\nLANGFLOW_AUTO_LOGIN=False\nexport LANGFLOW_SUPERUSER="ad min"\nLANGFLOW_PORT=\'8000\'\n',
      );
      const parsed = readEnvFile(file);
      expect(parsed).toEqual({ LANGFLOW_AUTO_LOGIN: 'False', LANGFLOW_SUPERUSER: 'ad min', LANGFLOW_PORT: '8000' });
      const c = parseConfig({ ...BASE, LANGFLOW_PORT: '1' }, { envFile: parsed });
      expect(c.autoLogin).toBe(false);
      expect(c.superuser).toBe('ad min');
      expect(c.port).toBe(8000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a missing file is a clear ConfigError', () => {
    const missing = join(tmpdir(), 'flowgate-no-such-dir', 'missing.env');
    const error = configError(() => readEnvFile(missing));
    expect(error.problems[0].variable).toBe('--env-file');
    expect(error.message).toContain(missing);
    expect(error.message).toContain('no such file');
  });
});

describe('model provider addresses', () => {
  it('are unset by default: the providers\' own APIs', () => {
    expect(parseConfig(BASE).modelProviders).toEqual({ openaiBaseUrl: undefined, anthropicBaseUrl: undefined, ollamaBaseUrl: undefined });
  });

  it('read OPENAI_BASE_URL (else OPENAI_API_BASE), ANTHROPIC_BASE_URL and OLLAMA_BASE_URL, without a trailing slash', () => {
    const c = parseConfig({ ...BASE, OPENAI_API_BASE: 'http://old:1/v1', ANTHROPIC_BASE_URL: 'https://a.example/', OLLAMA_BASE_URL: 'http://ollama:11434' });
    expect(c.modelProviders).toEqual({ openaiBaseUrl: 'http://old:1/v1', anthropicBaseUrl: 'https://a.example', ollamaBaseUrl: 'http://ollama:11434' });
    expect(parseConfig({ ...BASE, OPENAI_BASE_URL: 'http://new:2/v1', OPENAI_API_BASE: 'http://old:1/v1' }).modelProviders.openaiBaseUrl).toBe('http://new:2/v1');
  });

  it('reject what is not an http(s) URL, naming the variable', () => {
    const error = configError(() => parseConfig({ ...BASE, OPENAI_BASE_URL: 'file:///etc/passwd' }));
    expect(error.problems.map((p) => p.variable)).toContain('OPENAI_BASE_URL');
  });
});
