/** The NOTIFY channel on which a committed audit entry's id is announced to every server. */
export const EVENTS_CHANNEL = 'orgraph_events';
