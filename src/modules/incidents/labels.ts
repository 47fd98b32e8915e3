// The message keys of the incident pages (src/modules/incidents/messages/), where they are chosen in code.

export const roleKey = (role: string) => `incidents.role.${role}`;
export const severityKey = (severity: string) => `incidents.severity.${severity}`;
