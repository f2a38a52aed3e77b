"""Work programs (programas de trabajo anuales): each unit's planned actions and their progress."""
