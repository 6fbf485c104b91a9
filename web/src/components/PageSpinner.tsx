import { Flex, Spin } from 'antd';

export function PageSpinner({ fullScreen = false }: { fullScreen?: boolean }) {
  return (
    <Flex justify="center" align="center" style={{ minHeight: fullScreen ? '100vh' : 240 }}>
      <Spin size="large" />
    </Flex>
  );
}
