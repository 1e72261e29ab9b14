// What app/error.tsx and app/global-error.tsx say when a page failed on the server: the same words,
// since the root layout's failure (global-error) is the same outage seen one level up.
export const PAGE_ERROR_HEADING = "This page couldn't load";
export const PAGE_ERROR_MESSAGE = "We may be unable to reach our database right now. Nothing was lost; please try again in a minute.";
