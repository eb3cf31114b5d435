import { describe, expect, it } from 'vitest';
import { resolveRunConfig } from '../../src/pipeline/config.js';
import { redactConfig } from '../../src/pipeline/provenance.js';
import { redactSecrets, redactText, redactUrl, secretValues } from '../../src/util/secrets.js';

describe('redaction of credentials', () => {
  it('a URL loses its user, password and secret query values, and keeps the rest', () => {
    expect(redactUrl('https://ana:s3cret-pass@gpu.example.org:8000/v1')).toBe('https://<redacted>@gpu.example.org:8000/v1');
    expect(redactUrl('https://generativelanguage.googleapis.com/v1beta/openai?key=AIzaSECRET&alt=json')).toBe(
      'https://generativelanguage.googleapis.com/v1beta/openai?key=<redacted>&alt=json',
    );
    expect(redactUrl('http://localhost:11434/v1')).toBe('http://localhost:11434/v1');
  });

  it('free text (an error message) loses credentials inside URLs and any known secret', () => {
    expect(redactText('connection to http://u:pw-123@host/v1 failed (ECONNREFUSED)')).toBe('connection to http://<redacted>@host/v1 failed (ECONNREFUSED)');
    expect(redactText('GET /v1/models?api_key=abc123 refused')).toBe('GET /v1/models?api_key=<redacted> refused');
    expect(redactText('the key sk-abcdef was refused', ['sk-abcdef'])).toBe('the key <redacted> was refused');
  });

  it('structures: secret keys are labelled, URLs cleaned, everything else untouched', () => {
    const settings = { model: 'gpt-4o', maxTokens: 400, apiKey: 'sk-1234', baseUrls: [{ url: 'https://a:b-pass@h/v1', apiKey: 'sk-5678' }] };
    expect(secretValues(settings).sort()).toEqual(['b-pass', 'sk-1234', 'sk-5678']);
    expect(redactSecrets(settings, '<from config file>')).toEqual({
      model: 'gpt-4o',
      maxTokens: 400,
      apiKey: '<from config file>',
      baseUrls: [{ url: 'https://<redacted>@h/v1', apiKey: '<from config file>' }],
    });
  });

  it('the recorded configuration says which setting gave the key, never the key', () => {
    const config = resolveRunConfig({
      input: 'examples/climate-demo/images',
      describer: { name: 'openai', apiKey: 'sk-from-library-call', baseUrl: 'http://user:pw-xyz@localhost:8000/v1' },
    });
    const recorded = JSON.stringify(redactConfig(config));
    expect(recorded).not.toContain('sk-from-library-call');
    expect(recorded).not.toContain('pw-xyz');
    expect(redactConfig(config).describer.settings.apiKey).toBe('<from command line (--describer-settings or --base-url)>');
    // The configuration the stages use still holds the key.
    expect(config.describer.settings.apiKey).toBe('sk-from-library-call');
  });
});
