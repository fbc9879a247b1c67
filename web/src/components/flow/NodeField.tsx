import { useEffect, useId, useState } from 'react';
import type { ReactNode } from 'react';
import { modelValue, type EditableField } from '../../lib/flowData';

/**
 * One template field of a node, as an input of the matching kind; a field fed by a connection
 * shows that instead of an input. `picker` is the global-variable globe, when the field has one.
 */
export function NodeField({ field, onChange, connected = false, picker }: { field: EditableField; onChange: (value: unknown) => void; connected?: boolean; picker?: ReactNode }) {
  const id = useId();
  const hintId = `${id}-hint`;
  const value = field.value;
  const [text, setText] = useState(value === null || value === undefined ? '' : String(value));

  // Numbers keep what is typed ("1." while typing) and only push parsed values up.
  useEffect(() => {
    if (field.kind === 'int' || field.kind === 'float') {
      const parsed = text.trim() === '' ? null : Number(text);
      if (parsed !== value && !(parsed !== null && Number.isNaN(parsed))) return;
    }
    setText(value === null || value === undefined ? '' : String(value));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value]);

  const hint = [field.fromVariable ? 'Uses the global variable named here.' : '', field.info].filter(Boolean).join(' ');
  const describedBy = hint ? hintId : undefined;
  const label = (
    <label htmlFor={id} className={field.kind === 'bool' ? 'check-label' : 'field-label'}>
      {field.label}
      {field.required ? <span className="required" aria-hidden="true"> *</span> : null}
    </label>
  );
  const hintNode = hint ? (
    <div id={hintId} className="field-hint">
      {hint}
    </div>
  ) : null;

  if (connected) {
    return (
      <div className="field">
        <span className="field-label">{field.label}</span>
        <div className="field-connected">Connected: the value comes from the linked component.</div>
      </div>
    );
  }

  if (field.kind === 'bool') {
    return (
      <div className="check">
        <input id={id} type="checkbox" className="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked)} aria-describedby={describedBy} />
        <div>
          {label}
          {hintNode}
        </div>
      </div>
    );
  }

  let control;
  if (field.kind === 'model') {
    const current = String(value ?? '');
    const options = !current || field.options.includes(current) ? field.options : [current, ...field.options];
    control = (
      <select id={id} className="input select" value={current} onChange={(e) => onChange(modelValue(e.target.value))} aria-describedby={describedBy}>
        {current ? null : (
          <option value="" disabled>
            Choose a model…
          </option>
        )}
        {options.map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </select>
    );
  } else if (field.kind === 'select') {
    const options = field.options.includes(String(value ?? '')) ? field.options : [String(value ?? ''), ...field.options];
    control = (
      <select id={id} className="input select" value={String(value ?? '')} onChange={(e) => onChange(e.target.value)} aria-describedby={describedBy}>
        {options.map((option) => (
          <option key={option} value={option}>
            {option || '—'}
          </option>
        ))}
      </select>
    );
  } else if (field.kind === 'multiline') {
    control = (
      <textarea
        id={id}
        className="input textarea mono-soft"
        rows={Math.min(10, Math.max(3, text.split('\n').length))}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          onChange(e.target.value);
        }}
        aria-describedby={describedBy}
      />
    );
  } else if (field.kind === 'int' || field.kind === 'float') {
    control = (
      <input
        id={id}
        className="input"
        inputMode={field.kind === 'int' ? 'numeric' : 'decimal'}
        value={text}
        onChange={(e) => {
          const next = e.target.value;
          setText(next);
          if (next.trim() === '') onChange(null);
          else {
            const parsed = Number(next);
            if (!Number.isNaN(parsed)) onChange(field.kind === 'int' ? Math.trunc(parsed) : parsed);
          }
        }}
        aria-invalid={text.trim() !== '' && Number.isNaN(Number(text)) ? true : undefined}
        aria-describedby={describedBy}
      />
    );
  } else {
    const secret = field.kind === 'secret' && !field.fromVariable;
    control = (
      <input
        id={id}
        className="input"
        type={secret ? 'password' : 'text'}
        autoComplete="off"
        spellCheck={secret ? false : undefined}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          onChange(e.target.value);
        }}
        aria-describedby={describedBy}
      />
    );
  }

  return (
    <div className="field">
      {label}
      {picker ? (
        <div className="field-with-picker">
          {control}
          {picker}
        </div>
      ) : (
        control
      )}
      {hintNode}
    </div>
  );
}
