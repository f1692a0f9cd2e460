/** A section of an app card that is open (a form, a confirmation, a secret) takes the card's whole row. */
export const fullRow = { flex: '1 1 100%' } as const;
