// The "Tool mode" checkbox of a node that can be an agent's tool. It shows the asked-for state
// at once, disabled until the server's answer has reshaped the node (or failed, back as it was).
import { useState } from 'react';

export function ToolModeSwitch({ nodeId, on, onToggle }: { nodeId: string; on: boolean; onToggle: (on: boolean) => Promise<void> }) {
  const [pending, setPending] = useState<boolean | null>(null);
  const inputId = `tool-mode-${nodeId.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  return (
    <div className="check">
      <input
        id={inputId}
        type="checkbox"
        className="checkbox"
        checked={pending ?? on}
        disabled={pending !== null}
        aria-describedby={`${inputId}-hint`}
        onChange={(e) => {
          const next = e.target.checked;
          setPending(next);
          void onToggle(next).finally(() => setPending(null));
        }}
      />
      <div>
        <label htmlFor={inputId} className="check-label">
          Tool mode
        </label>
        <div id={`${inputId}-hint`} className="field-hint">
          Offers this component to an Agent: connect its Toolset output to the Agent&apos;s Tools.
        </div>
      </div>
    </div>
  );
}
