// The administrator registers staff with roles; a staff member signs in and sees no admin sections.
import { test, expect } from './fixtures';
import { breakCheckDigit } from '../helpers/iin';
import { ADMIN, REGISTRAR, createAdministrator, field, open, openSettings, signIn, signOut, statusBar, SLOW } from '../helpers/ui';

test('the administrator registers a staff member, who signs in without the admin sections', async ({ page, workstation }) => {
  test.slow(); // four password hashes
  await open(page, workstation.url);
  await createAdministrator(page);
  await openSettings(page);

  const staff = page.getByRole('region', { name: 'Staff', exact: true });
  await expect(staff.getByRole('row', { name: new RegExp(ADMIN.fullName) })).toContainText('Administrator');

  const form = page.getByRole('form', { name: 'Register a staff member' });
  // Client-side checks with the reasons, next to each field.
  await field(form, 'IIN').fill(breakCheckDigit(REGISTRAR.iin));
  await form.getByRole('button', { name: 'Register the staff member' }).click();
  await expect(form.getByText('The check digit (the 12th) does not match: the number contains a typo.')).toBeVisible();
  await expect(form.getByText('Choose at least one.')).toBeVisible();
  await expect(form.getByRole('group', { name: 'Roles' })).toHaveAttribute('aria-invalid', 'true');

  await field(form, 'IIN').fill(REGISTRAR.iin);
  await field(form, 'Full name').fill(REGISTRAR.fullName);
  await form.getByRole('checkbox', { name: 'Registrar' }).check();
  await form.getByRole('checkbox', { name: 'Authorised signer' }).check();
  await field(form, 'Initial password').fill(REGISTRAR.password);
  await field(form, 'Repeat the password').fill(REGISTRAR.password);
  await form.getByRole('button', { name: 'Register the staff member' }).click();
  await expect(form.getByRole('status')).toHaveText(`${REGISTRAR.fullName} has been registered.`, SLOW);
  await expect(field(form, 'IIN')).toHaveValue('');

  const row = staff.getByRole('row', { name: new RegExp(REGISTRAR.fullName) });
  await expect(row).toContainText(REGISTRAR.iin);
  await expect(row).toContainText('Registrar, Authorised signer');
  await expect(row).toContainText('active');

  // The same IIN twice: the service's answer is shown next to the field, and the input is kept.
  await field(form, 'IIN').fill(REGISTRAR.iin);
  await field(form, 'Full name').fill('Другой Человек');
  await form.getByRole('checkbox', { name: 'Archivist' }).check();
  await field(form, 'Initial password').fill('Another123');
  await field(form, 'Repeat the password').fill('Another123');
  await form.getByRole('button', { name: 'Register the staff member' }).click();
  await expect(form.getByRole('alert').filter({ hasText: 'already registered' }).first()).toBeVisible(SLOW);
  await expect(field(form, 'IIN')).toHaveAttribute('aria-invalid', 'true');
  await expect(field(form, 'Full name')).toHaveValue('Другой Человек');

  // The new staff member signs in: no staff, audit or idle-lock sections for them.
  await signOut(page);
  await signIn(page, REGISTRAR);
  await expect(statusBar(page)).toContainText('Roles: Registrar, Authorised signer');
  await openSettings(page);
  await expect(page.getByRole('heading', { name: 'Language' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Change my password' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Staff' })).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Audit log' })).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Screen lock' })).toHaveCount(0);
  await expect(page.getByText('Staff management, the screen lock setting and the audit log are available to administrators.')).toBeVisible();
});

test('the administrator changes roles, deactivates and unlocks accounts, and checks the audit chain', async ({ page, workstation }) => {
  test.slow(); // three password hashes and many steps
  await open(page, workstation.url);
  await createAdministrator(page);
  await openSettings(page);
  const form = page.getByRole('form', { name: 'Register a staff member' });
  await field(form, 'IIN').fill(REGISTRAR.iin);
  await field(form, 'Full name').fill(REGISTRAR.fullName);
  await form.getByRole('checkbox', { name: 'Registrar' }).check();
  await field(form, 'Initial password').fill(REGISTRAR.password);
  await field(form, 'Repeat the password').fill(REGISTRAR.password);
  await form.getByRole('button', { name: 'Register the staff member' }).click();
  await expect(form.getByRole('status')).toContainText('has been registered', SLOW);

  const staff = page.getByRole('region', { name: 'Staff', exact: true });
  await staff.getByRole('button', { name: `Manage ${REGISTRAR.fullName}` }).click();
  const panel = page.getByRole('region', { name: new RegExp(`${REGISTRAR.fullName} \\(IIN`) });
  await expect(panel.getByRole('heading', { level: 3 })).toBeFocused();

  const roles = panel.getByRole('form', { name: 'Roles of the staff member' });
  await roles.getByRole('checkbox', { name: 'Archivist' }).check();
  await roles.getByRole('button', { name: 'Save roles' }).click();
  await expect(roles.getByRole('status')).toHaveText('The roles have been saved.');
  await expect(staff.getByRole('row', { name: new RegExp(REGISTRAR.fullName) })).toContainText('Registrar, Archivist');

  await panel.getByRole('button', { name: 'Deactivate' }).click();
  await expect(panel.getByText('The account has been deactivated.')).toBeVisible();
  await expect(staff.getByRole('row', { name: new RegExp(REGISTRAR.fullName) })).toContainText('deactivated');
  await panel.getByRole('button', { name: 'Activate' }).click();
  await expect(panel.getByText('The account has been activated.')).toBeVisible();

  const reset = panel.getByRole('form', { name: 'Reset the password' });
  await field(reset, 'New password').fill('onlyletters');
  await field(reset, 'Repeat the password').fill('onlyletters');
  await reset.getByRole('button', { name: 'Set the new password' }).click();
  await expect(reset.getByText('The password must contain both letters and digits.')).toBeVisible();
  await field(reset, 'New password').fill('Fresh2026pw');
  await field(reset, 'Repeat the password').fill('Fresh2026pw');
  await reset.getByRole('button', { name: 'Set the new password' }).click();
  await expect(reset.getByRole('status')).toContainText('The password has been reset', SLOW);

  // The last administrator cannot take away their own role.
  await staff.getByRole('button', { name: `Manage ${ADMIN.fullName}` }).click();
  const own = page.getByRole('region', { name: new RegExp(`${ADMIN.fullName} \\(IIN`) });
  await expect(own.getByText('You cannot deactivate your own account.')).toBeVisible();
  const ownRoles = own.getByRole('form', { name: 'Roles of the staff member' });
  await ownRoles.getByRole('checkbox', { name: 'Administrator' }).uncheck();
  await ownRoles.getByRole('checkbox', { name: 'Registrar' }).check();
  await ownRoles.getByRole('button', { name: 'Save roles' }).click();
  await expect(ownRoles.getByRole('alert')).toHaveText(
    'This is the last active administrator: the workstation must keep at least one.',
  );
  await own.getByRole('button', { name: 'Close' }).click();
  await expect(staff.getByRole('button', { name: `Manage ${ADMIN.fullName}` })).toBeFocused();

  const audit = page.getByRole('region', { name: 'Audit log' });
  await audit.getByRole('button', { name: 'Refresh' }).click();
  for (const action of ['Administrator created', 'Staff member registered', 'Roles changed', 'Account deactivated', 'Account activated', 'Password changed']) {
    await expect(audit.getByRole('cell', { name: action, exact: true }).first()).toBeVisible();
  }
  await audit.getByRole('button', { name: 'Verify the chain' }).click();
  await expect(audit.getByRole('status')).toHaveText(/^The chain is intact: \d+ entries checked\.$/);
});
