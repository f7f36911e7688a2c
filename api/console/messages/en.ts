/** The console's copy in English: screen names, roles, and what it says when it refuses. */
export const en = {
  product: 'Campaign Engine console',
  screens: {
    campaigns: 'Campaigns',
    contacts: 'Contacts',
    failed: 'Failed pieces',
    dataEntry: 'Reply cards',
    schedules: 'Schedules',
    slots: 'Inspection slots',
    imports: 'Imports',
    audit: 'Audit log',
  },
  roles: { manager: 'manager', operations: 'operations', 'data-entry': 'data entry', 'call-centre': 'call centre' },
  login: {
    title: 'Log in',
    email: 'E-mail',
    password: 'Password',
    submit: 'Log in',
    refused: 'That e-mail and password do not match an active login.',
    expired: 'Your session has ended; please log in again.',
    loggedOut: 'You have logged out.',
    tooMany: 'Too many attempts from here; wait a minute and try again.',
  },
  logout: 'Log out',
  refused: (role: string, screen: string) => `Your role (${role}) may not use ${screen}.`,
  alreadySubmitted: 'This form was already sent: nothing was done a second time.',
  badCsrf: 'This form is out of date (its security token did not match). Reload the page and try again.',
  notFound: 'There is no such page.',
  serverError: 'Something went wrong on our side; it has been logged.',
} as const;

export type Messages = typeof en;
