import { Button, View } from '@tarojs/components'

interface Props {
  loading: boolean
  error: string
  onRetry?: () => void
}

/** Loading text, or an error with a retry button; nothing once loaded. */
export function LoadState({ loading, error, onRetry }: Props) {
  if (loading) return <View className='load-state'>正在加载…</View>
  if (!error) return null
  return (
    <View className='load-state load-state--error'>
      <View className='error-text page-error'>{error}</View>
      {onRetry && <Button className='btn btn-secondary' onClick={onRetry}>重试</Button>}
    </View>
  )
}
