/** The announcements feature's surface for other parts (filled as the feature grows). */
export {};
