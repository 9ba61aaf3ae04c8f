import * as vscode from 'vscode';
import type { TrimReport } from '../core/client/node/requestLoop';

/** "Left out to fit the model's context (2,662 tokens for the prompt): 3 earlier messages, src/a.ts (cut short)." */
export function describeTrim(report: TrimReport): string {
  const items = report.leftOut.map((item) => {
    switch (item.kind) {
      case 'messages':
        return item.count === 1 ? vscode.l10n.t('1 earlier message') : vscode.l10n.t('{0} earlier messages', item.count);
      case 'block':
        return item.cut ? vscode.l10n.t('{0} (cut short)', item.label) : item.label;
      case 'image':
        return vscode.l10n.t('image {0}', item.name);
      case 'results':
        return item.count === 1 ? vscode.l10n.t('1 earlier tool result') : vscode.l10n.t('{0} earlier tool results', item.count);
    }
  });
  const budget = report.budget.toLocaleString();
  if (report.overflow) {
    const limit = report.overflow.limit ? report.overflow.limit.toLocaleString() : undefined;
    const said = limit
      ? vscode.l10n.t(
          "The server said the request was too long for the model's context ({0} tokens), so it was sent again with less.",
          limit,
        )
      : vscode.l10n.t("The server said the request was too long for the model's context, so it was sent again with less.");
    return items.length > 0 ? `${said} ${vscode.l10n.t('Left out: {0}.', items.join(', '))}` : said;
  }
  return vscode.l10n.t("Left out to fit the model's context ({0} tokens for the prompt): {1}.", budget, items.join(', '));
}
