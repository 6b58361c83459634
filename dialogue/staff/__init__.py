"""Staff tools: roles and their permissions (`roles`), the sign-in audit (`signin`), and the
translation status page (`translation_status`)."""
