"""Self-quizzes generated from the content: question types, masking, distractors and grading."""
