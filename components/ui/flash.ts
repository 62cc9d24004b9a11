/** Cookie carrying one message to the next page a person lands on (set by server actions, read by FlashToast). */
export const FLASH_COOKIE = "sb-flash";
