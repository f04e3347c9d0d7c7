import { Alert } from 'antd';
import { Component, type ErrorInfo, type ReactNode } from 'react';

interface State {
  error: Error | null;
}

/** Keeps one broken page from blanking the whole app; shows the error instead. */
export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.warn('page failed to render', error, info.componentStack);
  }

  override render() {
    if (this.state.error) {
      return (
        <Alert
          type="error"
          showIcon
          title="页面渲染失败 / The page failed to render"
          description={this.state.error.message}
          style={{ margin: 24 }}
        />
      );
    }
    return this.props.children;
  }
}
