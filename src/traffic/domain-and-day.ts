import * as z from 'zod';

/** `<domain|all> [today|yesterday]`, the words stats, top and codes take before their options. */
export const DomainAndDay = z
  .array(z.string())
  .max(2, 'Name one domain (or `all`), optionally followed by today or yesterday.')
  .refine((words) => words.length < 2 || /^(today|yesterday)$/i.test(words[1]!), {
    message:
      'After the domain, only today or yesterday may follow; use --last or --from/--to for other ranges.',
  });
