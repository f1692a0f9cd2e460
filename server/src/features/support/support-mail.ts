const signature = '\n\n— Vitalbase';

/**
 * The support feature's mails to the user. A reply carries support's words (they are the answer the
 * user asked for); an ask names the categories, never any value. Each links to the request in the app.
 */
export const supportMails = {
  reply: (body: string, link: string) => ({
    subject: 'Vitalbase support replied to your request',
    text: `Hello,\n\nVitalbase support replied to your support request:\n\n${body}\n\nRead the conversation and answer in the app:\n\n${link}${signature}`,
  }),
  ask: (categories: readonly string[], reason: string, link: string) => ({
    subject: 'Vitalbase support asks to see some of your data',
    text: `Hello,\n\nTo look into your support request, Vitalbase support asks to see: ${categories.join(', ')}.\n\nTheir reason: ${reason}\n\nNothing is shown to support unless you agree. You choose what to open, for at most 7 days and only while the request is open, and you can withdraw it at any time:\n\n${link}${signature}`,
  }),
};
