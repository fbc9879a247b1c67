// The profile image in the header opens this menu: Settings, Admin Page (superusers, not in
// auto-login mode), Logout. A disclosure of plain buttons: arrows move, Escape closes.
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useAuth, useUser } from '../auth/AuthContext';
import { navigate } from '../router';
import { Avatar } from './Avatar';

export function AccountMenu() {
  const user = useUser();
  const { autoLogin, logout } = useAuth();
  const [open, setOpen] = useState(false);
  const [leaving, setLeaving] = useState(false);
  const triggerRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const menuId = useId();

  useEffect(() => {
    if (!open) return undefined;
    menuRef.current?.querySelector<HTMLButtonElement>('button')?.focus();
    const onPointer = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!menuRef.current?.contains(target) && !triggerRef.current?.contains(target)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open]);

  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) triggerRef.current?.focus();
  };

  const go = (to: string) => {
    close(false);
    navigate(to);
  };

  const onMenuKey = (event: KeyboardEvent<HTMLDivElement>) => {
    const items = Array.from(menuRef.current?.querySelectorAll<HTMLButtonElement>('button:not([disabled])') ?? []);
    const index = items.indexOf(document.activeElement as HTMLButtonElement);
    if (event.key === 'Escape') {
      event.preventDefault();
      close(true);
    } else if (event.key === 'ArrowDown') {
      event.preventDefault();
      items[(index + 1) % items.length]?.focus();
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      items[(index - 1 + items.length) % items.length]?.focus();
    } else if (event.key === 'Home') {
      event.preventDefault();
      items[0]?.focus();
    } else if (event.key === 'End') {
      event.preventDefault();
      items[items.length - 1]?.focus();
    } else if (event.key === 'Tab') {
      setOpen(false);
    }
  };

  const doLogout = async () => {
    setLeaving(true);
    await logout();
  };

  const showAdmin = user.is_superuser && !autoLogin;

  return (
    <div className="account">
      <button
        ref={triggerRef}
        type="button"
        className="account-trigger"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        title="Account menu"
        data-testid="user-profile-button"
        onClick={() => setOpen((v) => !v)}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown' && !open) {
            event.preventDefault();
            setOpen(true);
          }
        }}
      >
        <Avatar image={user.profile_image} size={32} alt={`Profile image of ${user.username}`} />
      </button>
      {open ? (
        <div ref={menuRef} id={menuId} className="menu" onKeyDown={onMenuKey}>
          <div className="menu-head">
            <Avatar image={user.profile_image} size={36} />
            <div className="menu-who">
              <span className="menu-name">{user.username}</span>
              <span className="menu-role">{user.is_superuser ? 'Administrator' : 'Member'}</span>
            </div>
          </div>
          <div className="menu-items">
            <button type="button" className="menu-item" onClick={() => go('/settings/general')}>
              Settings
            </button>
            {showAdmin ? (
              <button type="button" className="menu-item" onClick={() => go('/admin')}>
                Admin Page
              </button>
            ) : null}
            <div className="menu-sep" role="separator" />
            <button type="button" className="menu-item" onClick={doLogout} disabled={leaving}>
              Logout
            </button>
          </div>
        </div>
      ) : null}
    </div>
  );
}
