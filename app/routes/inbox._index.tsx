export default function NoConversationOpen() {
  return (
    <div className="empty-detail">
      <h2>Pick a conversation</h2>
      <p>
        Press <kbd>j</kbd> and <kbd>k</kbd> to move through the list and <kbd>Enter</kbd> to open one.
      </p>
    </div>
  );
}
