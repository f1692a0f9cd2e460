/**
 * The second step of a destructive action: what will happen, then confirm or cancel. Shown in place of
 * the button that opened it (the caller keeps the "confirming" state).
 */
export function ConfirmPrompt(props: {
  statement: string;
  confirm: string;
  cancel: string;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  return (
    <div className="alert alert-warning" role="alert">
      <p>{props.statement}</p>
      <div className="actions">
        <button type="button" className="button danger" onClick={props.onConfirm} disabled={props.busy}>
          {props.confirm}
        </button>
        <button type="button" className="button" onClick={props.onCancel}>
          {props.cancel}
        </button>
      </div>
    </div>
  );
}
