// The modules a stack's rows may name (StackModule.name is text in the database), and those a new
// stack starts with: facts of the data that the services' rules and the demo data both use.

/** Modules a stack can run, in the order they are listed. */
export const STACK_MODULES = ['auth', 'ledger', 'orchestration', 'payments', 'reconciliation', 'search', 'wallets', 'webhooks'] as const;
export type StackModuleName = (typeof STACK_MODULES)[number];

/** Modules a new stack starts with, enabled, at the stack's version. */
export const DEFAULT_STACK_MODULES: readonly StackModuleName[] = ['auth', 'ledger', 'payments', 'wallets', 'webhooks'];
