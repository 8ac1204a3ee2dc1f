import type { ReactNode } from "react";
import { Button } from "./Button";
import { Dialog } from "./Dialog";

interface FormDialogProps {
  title: string;
  onClose: () => void;
  /** Called by the submit button and by Enter in a field. */
  onSubmit: () => void;
  submitLabel: string;
  submitDisabled?: boolean;
  wide?: boolean;
  children: ReactNode;
}

/** A dialog holding a form: Cancel and a primary submit button in the footer. */
export function FormDialog({ title, onClose, onSubmit, submitLabel, submitDisabled, wide, children }: FormDialogProps) {
  return (
    <Dialog
      title={title}
      onClose={onClose}
      wide={wide}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" disabled={submitDisabled} onClick={onSubmit}>
            {submitLabel}
          </Button>
        </>
      }
    >
      <form
        className="col"
        onSubmit={(event) => {
          event.preventDefault();
          onSubmit();
        }}
      >
        {children}
      </form>
    </Dialog>
  );
}
