import * as vscode from 'vscode';

interface FileItem extends vscode.QuickPickItem {
  uri: vscode.Uri;
}

/** `#file`: a quick pick of the workspace's files (fuzzy matching on name and folder), several at once. */
export async function pickWorkspaceFiles(): Promise<vscode.Uri[]> {
  // findFiles leaves out files.exclude by itself; search.exclude (node_modules…) too, as a person expects.
  const uris = await vscode.workspace.findFiles('**/*', undefined, 5000);
  const items: FileItem[] = uris
    .map((uri) => {
      const path = vscode.workspace.asRelativePath(uri, false);
      const slash = path.lastIndexOf('/');
      return { uri, label: path.slice(slash + 1), description: slash > 0 ? path.slice(0, slash) : '' };
    })
    .sort((a, b) => a.label.localeCompare(b.label));
  const picked = await vscode.window.showQuickPick(items, {
    canPickMany: true,
    matchOnDescription: true,
    title: vscode.l10n.t('Attach files to the chat'),
    placeHolder: vscode.l10n.t("Type to search the workspace's files"),
  });
  return (picked ?? []).map((i) => i.uri);
}
