import * as assert from 'assert';
import * as vscode from 'vscode';
import type { ChatServer } from '../server/chatServer';
import { parley, useServer, waitFor } from './helpers';

describe('Chat view follows the settings in the real host', () => {
  let server: ChatServer;
  beforeEach(async () => { server = await useServer(); });
  afterEach(async () => { await server.close(); });

  it('after a model change the view is told the new model at once, without a message being sent', async () => {
    const api = await parley();
    await api.view.reveal();
    await waitFor('the view to be shown', () => api.view.visible);
    const before = api.view.postMark();
    const config = vscode.workspace.getConfiguration('parley');
    const profiles = config.get<Record<string, unknown>[]>('profiles')!;
    // What Choose Model writes: the active profile's model.
    await config.update('profiles', profiles.map((p) => ({ ...p, model: 'test-model-large' })), vscode.ConfigurationTarget.Global);
    const told = await waitFor('a profile update posted to the view', () =>
      api.view.postedSince(before).find((m) => m.type === 'profile' && m.profileLabel === 'Test server · test-model-large'), 5_000);
    assert.ok(told);
    assert.strictEqual(server.requests.length, 0, 'no request was needed to refresh it');
  });
});
